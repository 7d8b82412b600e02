using FinanceMarket.ServiceDefaults.Idempotency;
using static FinanceMarket.Domain.Dates;
using FinanceMarket.ServiceDefaults.Storage;
using System.Globalization;
using FinanceMarket.Enterprises.Infrastructure;
using FinanceMarket.Enterprises.Model;
using FinanceMarket.Enterprises.V1;
using Grpc.Core;
using Proto = FinanceMarket.Common.V1;

namespace FinanceMarket.Enterprises.Grpc;

internal sealed class EnterpriseRegistryService(
    IEnterpriseStore store, IAuditRecorder reads, RegionNames regions, TimeProvider time, ILogger<EnterpriseRegistryService> logger)
    : EnterpriseRegistry.EnterpriseRegistryBase
{
    // Reference lists, the same for every caller; a data provider's token opens only the credit service.
    public override Task<ListIndustriesResponse> ListIndustries(ListIndustriesRequest request, ServerCallContext context)
    {
        Caller.From(context);
        var response = new ListIndustriesResponse();
        foreach (var section in IndustryNames.Sections)
        {
            response.Industries.Add(new Industry { Code = section.Code, Name = section.Name, EnglishName = section.EnglishName });
            response.Industries.AddRange(IndustryNames.Divisions.Where(d => d.Code[0] == section.Code[0])
                .Select(d => new Industry { Code = d.Code, Name = d.Name, EnglishName = d.EnglishName }));
        }

        return Task.FromResult(response);
    }

    public override Task<ListRegionsResponse> ListRegions(ListRegionsRequest request, ServerCallContext context)
    {
        Caller.From(context);
        if (request.Within.Length > 0 && RegionCode.PrefixProblem(request.Within) is { } problem)
        {
            Violations.Fail("within", problem);
        }

        var response = new ListRegionsResponse();
        response.Regions.AddRange(regions.Within(request.Within).Select(r => new Region { Code = r.Code, Name = r.Name, EnglishName = r.EnglishName }));
        return Task.FromResult(response);
    }

    public override async Task<V1.Enterprise> RegisterEnterprise(RegisterEnterpriseRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        if (caller.IsBank || caller.IsOperator)
        {
            Caller.Deny("Only the enterprise itself or an official of its region registers an enterprise.");
        }

        var enterprise = RegistrationRules.Validate(ToRegistration(request), caller, time);
        if (caller.IsEnterprise && UnifiedSocialCreditCode.Normalize(caller.Subject) != enterprise.Uscc)
        {
            Caller.Deny("An enterprise registers only itself: the credit code must be the token's subject.");
        }

        if (caller.IsOfficial && !caller.Covers(enterprise.RegionCode))
        {
            Caller.Deny($"Region {enterprise.RegionCode} is outside this official's region {caller.Region}.");
        }

        var registered = new EnterpriseRegisteredIntegrationEvent(
            enterprise.Uscc, enterprise.Name, enterprise.IndustryCode, enterprise.RegionCode,
            enterprise.SizeClass.Wire(), enterprise.TaxCreditRating.Wire(), Day(enterprise.EstablishedOn))
        {
            Employees = enterprise.Employees, AnnualRevenueFen = enterprise.AnnualRevenueFen, TotalAssetsFen = enterprise.TotalAssetsFen,
            RegisteredOn = Dates.Day(ChinaTime.DateOf(enterprise.RegisteredAt)),
        };
        // An official's registration is audited, with the reasons of any rule it let the firm past.
        IntegrationEvent[] events = caller.IsOfficial
            ?
            [
                registered,
                AuditTrail.Entry(caller, AuditActions.EnterpriseRegistered, enterprise.RegionCode, "enterprise/" + enterprise.Uscc, null, Audited(enterprise),
                    string.Join("; ", new[] { enterprise.CheckOverride?.Reason, enterprise.RegionOverride?.Reason }.Where(r => r is not null)),
                    enterprise.RegisteredAt),
            ]
            : [registered];
        IdempotentCall.Answer(ToProto(enterprise));
        if (!await store.TryRegisterAsync(enterprise, events, context.CancellationToken))
        {
            throw new RpcException(new Status(StatusCode.AlreadyExists, $"Enterprise {enterprise.Uscc} is already registered."));
        }

        if (enterprise.CheckOverride is { } audit)
        {
            logger.LogWarning("Official {Official} registered {Uscc}, whose check character fails, because: {Reason}", audit.Official, enterprise.Uscc, audit.Reason);
        }

        if (enterprise.RegionOverride is { } moved)
        {
            logger.LogWarning("Official {Official} registered {Uscc} in {Region}, outside its code's region, because: {Reason}", moved.Official, enterprise.Uscc, enterprise.RegionCode, moved.Reason);
        }

        return ToProto(enterprise);
    }

    // Counts only, for a bank weighing a product (matching's reach) or an official inside their region; every
    // group under Reach.SmallestNamedGroup is folded into one unnamed line, so no answer points at a firm.
    public override async Task<Proto.EnterpriseCounts> CountEnterprises(CountEnterprisesRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        if (!caller.IsBank && !caller.IsOfficial)
        {
            Caller.Deny("Only banks and officials may count enterprises.");
        }

        var violations = new Violations();
        var sizes = violations.Enums<SizeClass>("sizeClasses", [.. request.SizeClasses.Select(s => (int)s)]);
        var industries = violations.Codes("industryCodes", request.IndustryCodes, IndustryCode.Normalize, IndustryCode.Problem);
        var regions = violations.Codes("regionCodes", request.RegionCodes, c => c.Trim(), RegionCode.PrefixProblem);
        violations.Range("minYearsInOperation", request.MinYearsInOperation, 0, Limits.MaxYearsInOperation);
        var minimum = request.MinTaxCreditRating;
        if (minimum != Proto.TaxCreditRating.Unspecified)
        {
            violations.Defined("minTaxCreditRating", minimum);
        }

        violations.ThrowIfAny();

        // An official counts inside their own region only: the product's regions narrowed to it.
        if (caller.IsOfficial)
        {
            var own = caller.Region!;
            regions = regions.Count == 0 || regions.Any(r => own.StartsWith(r, StringComparison.Ordinal)) ? [own] : [.. regions.Where(caller.Covers)];
            if (regions.Count == 0)
            {
                return new Proto.EnterpriseCounts();
            }
        }

        var ratings = minimum == Proto.TaxCreditRating.Unspecified
            ? []
            : Enum.GetValues<TaxCreditRating>().Where(r => r.MeetsMinimum(ProtoEnums.ToDomain<TaxCreditRating>(minimum))).ToList();
        var criteria = new EnterpriseCriteria(sizes, industries, regions, Reach.FoundedBy(request.MinYearsInOperation, ChinaTime.Today(time)), ratings);
        var (total, byRegion, bySection, bySize) = Reach.Fold(await store.CountAsync(criteria, context.CancellationToken));
        var (told, fewer) = Reach.Told(total);
        var counts = new Proto.EnterpriseCounts { Total = told, TotalFewerThanFive = fewer };
        counts.ByRegion.AddRange(byRegion.Select(Line));
        counts.ByIndustrySection.AddRange(bySection.Select(Line));
        counts.BySizeClass.AddRange(bySize.Select(Line));
        return counts;

        static Proto.GroupCount Line((string Key, long Count) group)
        {
            var (count, fewerThanFive) = Reach.Told(group.Count);
            return new Proto.GroupCount { Key = group.Key, Count = count, FewerThanFive = fewerThanFive };
        }
    }

    public override async Task<V1.Enterprise> GetEnterprise(GetEnterpriseRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        var uscc = UnifiedSocialCreditCode.Normalize(request.Uscc);
        if (caller.IsBank || caller.IsOperator || (caller.IsEnterprise && UnifiedSocialCreditCode.Normalize(caller.Subject) != uscc))
        {
            Caller.Deny("Only the enterprise itself or an official of its region may read its record.");
        }

        var enterprise = await store.FindAsync(uscc, context.CancellationToken)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"Enterprise {uscc} is not registered."));
        if (caller.IsOfficial && !caller.Covers(enterprise.RegionCode))
        {
            Caller.Deny($"Enterprise {uscc} is outside this official's region {caller.Region}.");
        }

        await reads.RecordReadAsync(caller, AuditActions.EnterpriseRead, enterprise.RegionCode, "enterprise/" + uscc, null, time.GetUtcNow(), context.CancellationToken);

        return ToProto(enterprise);
    }

    public override async Task<V1.Enterprise> CorrectEnterprise(CorrectEnterpriseRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        caller.RequireOfficial("correct an enterprise's record");
        var uscc = UnifiedSocialCreditCode.Normalize(request.Uscc);
        var current = await store.FindAsync(uscc, context.CancellationToken)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"Enterprise {uscc} is not registered."));
        if (!caller.Covers(current.RegionCode))
        {
            Caller.Deny($"Enterprise {uscc} is outside this official's region {caller.Region}.");
        }

        var rating = request.HasTaxCreditRating ? request.TaxCreditRating : Proto.TaxCreditRating.Unspecified;
        var ratingDefined = rating != Proto.TaxCreditRating.Unspecified && Enum.IsDefined(rating);
        var correction = new Correction(
            request.HasEmployees ? request.Employees : null,
            request.HasAnnualRevenueFen ? request.AnnualRevenueFen : null,
            request.HasTotalAssetsFen ? request.TotalAssetsFen : null,
            ratingDefined ? ProtoEnums.ToDomain<TaxCreditRating>(rating) : null,
            request.HasTaxCreditRating && !ratingDefined,
            request.Reason);
        var corrected = RegistrationRules.Correct(current, correction, caller, time);
        var made = corrected.Corrections![^1];
        var audit = AuditTrail.Entry(caller, AuditActions.EnterpriseCorrected, current.RegionCode, "enterprise/" + uscc,
            Audited(current), Audited(corrected), made.Reason, made.At);
        var announced = new EnterpriseCorrectedIntegrationEvent(uscc, corrected.SizeClass.Wire(), corrected.TaxCreditRating.Wire(), corrected.CorrectionCount)
        {
            Employees = corrected.Employees, AnnualRevenueFen = corrected.AnnualRevenueFen, TotalAssetsFen = corrected.TotalAssetsFen,
        };
        IdempotentCall.Answer(ToProto(corrected));
        if (!await store.TryCorrectAsync(corrected, current.CorrectionCount, [announced, audit], context.CancellationToken))
        {
            throw new RpcException(new Status(StatusCode.Aborted, $"Enterprise {uscc} was corrected at the same moment; read it again."));
        }

        return ToProto(corrected);
    }

    // What an audit entry keeps of a record: the values officials register and correct.
    private static object Audited(Model.Enterprise e) => new
    {
        e.Name,
        e.RegionCode,
        e.IndustryCode,
        e.Employees,
        e.AnnualRevenueFen,
        e.TotalAssetsFen,
        TaxCreditRating = e.TaxCreditRating.Wire(),
        SizeClass = e.SizeClass.Wire(),
    };

    public override async Task<ListEnterprisesResponse> ListEnterprises(ListEnterprisesRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        var violations = new Violations();
        var (pageSize, after) = Paging.Read(violations, request.PageSize, request.PageToken);
        var region = OfficialsRegion(caller, request.RegionCode, violations, "list enterprises");

        var page = await store.ListAsync(region, pageSize, after, context.CancellationToken);
        if (page.Items.Count > 0)
        {
            await reads.RecordReadAsync(caller, AuditActions.EnterprisesListed, region, "enterprises?regionCode=" + region,
                new { Usccs = page.Items.Select(e => e.Uscc).ToList() }, time.GetUtcNow(), context.CancellationToken);
        }
        var response = new ListEnterprisesResponse { NextPageToken = Paging.Token(page.LastKey) };
        response.Enterprises.AddRange(page.Items.Select(ToProto));
        return response;
    }

    // Every enterprise of the region a page at a time, counted in memory: both stores serve it as they list,
    // and a province's million firms is a few seconds of a reconciliation an official asks for now and then.
    public override async Task<RegistrationCounts> CountRegistrations(CountRegistrationsRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        var region = OfficialsRegion(caller, request.RegionCode, new Violations(), "count registrations");

        var counts = new Dictionary<(string Region, string Section, string Month), long>();
        string? after = null;
        do
        {
            var page = await store.ListAsync(region, Paging.MaxPageSize, after, context.CancellationToken);
            foreach (var e in page.Items)
            {
                var key = (e.RegionCode, IndustryCode.Section(e.IndustryCode).ToString(), ChinaTime.DateOf(e.RegisteredAt).ToString("yyyy-MM", CultureInfo.InvariantCulture));
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }

            after = page.LastKey;
        }
        while (after is not null);

        var response = new RegistrationCounts();
        response.Counts.AddRange(counts.OrderBy(c => c.Key).Select(c => new RegistrationCount
        {
            RegionCode = c.Key.Region, IndustrySection = c.Key.Section, Month = c.Key.Month, Count = c.Value,
        }));
        return response;
    }

    // An official's region to read (their own by default), a prefix inside it; refused with the other
    // violations gathered so far, or denied outside it.
    private static string OfficialsRegion(Caller caller, string requested, Violations violations, string action)
    {
        caller.RequireOfficial(action);
        var region = string.IsNullOrEmpty(requested) ? caller.Region! : requested;
        violations.Require(RegionCode.IsPrefix(region), "regionCode", Reasons.RegionPrefix, "must be a region code or its 2- or 4-digit prefix", ("got", Problem.Shown(region) ?? string.Empty));
        violations.ThrowIfAny();
        if (!caller.Covers(region))
        {
            Caller.Deny($"Region {region} is outside this official's region {caller.Region}.");
        }

        return region;
    }

    private static Registration ToRegistration(RegisterEnterpriseRequest r) => new(
        r.Uscc, r.Name, r.IndustryCode, r.RegionCode, r.Employees, r.AnnualRevenueFen, r.TotalAssetsFen, r.EstablishedOn,
        ProtoEnums.TryToDomain<TaxCreditRating>(r.TaxCreditRating, out var rating) ? rating : null,
        r.CheckOverrideReason,
        r.RegionOverrideReason);

    private static V1.Enterprise ToProto(Model.Enterprise e) => new()
    {
        Uscc = e.Uscc,
        Name = e.Name,
        IndustryCode = e.IndustryCode,
        IndustryName = IndustryCode.Name(e.IndustryCode),
        RegionCode = e.RegionCode,
        Employees = e.Employees,
        AnnualRevenueFen = e.AnnualRevenueFen,
        TotalAssetsFen = e.TotalAssetsFen,
        EstablishedOn = Day(e.EstablishedOn),
        TaxCreditRating = ProtoEnums.ToProto<Proto.TaxCreditRating>(e.TaxCreditRating),
        SizeClass = ProtoEnums.ToProto<Proto.SizeClass>(e.SizeClass),
        RegisteredAt = Dates.Instant(e.RegisteredAt),
        CheckOverride = ToProto(e.CheckOverride),
        RegionOverride = ToProto(e.RegionOverride),
        Corrections =
        {
            (e.Corrections ?? []).Select(c => new V1.ProfileCorrection
            {
                Official = c.Official,
                Reason = c.Reason,
                At = Dates.Instant(c.At),
                PreviousEmployees = c.PreviousEmployees,
                PreviousAnnualRevenueFen = c.PreviousAnnualRevenueFen,
                PreviousTotalAssetsFen = c.PreviousTotalAssetsFen,
                PreviousTaxCreditRating = ProtoEnums.ToProto<Proto.TaxCreditRating>(c.PreviousTaxCreditRating),
                PreviousSizeClass = ProtoEnums.ToProto<Proto.SizeClass>(c.PreviousSizeClass),
            }),
        },
    };

    private static V1.CheckOverride? ToProto(Model.CheckOverride? o) =>
        o is null ? null : new V1.CheckOverride { Official = o.Official, Reason = o.Reason, At = Dates.Instant(o.At) };

}
