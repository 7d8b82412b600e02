using FinanceMarket.ServiceDefaults.Storage;
using FinanceMarket.Matching.Extensions;
using FinanceMarket.Matching.Infrastructure;
using FinanceMarket.Matching.Model;
using FinanceMarket.Matching.Shelf;
using FinanceMarket.Matching.V1;
using FinanceMarket.ServiceDefaults.Hosting;
using Grpc.Core;
using Microsoft.Extensions.Options;
using CatalogV1 = FinanceMarket.Catalog.V1;
using EnterprisesV1 = FinanceMarket.Enterprises.V1;

namespace FinanceMarket.Matching.Grpc;

internal sealed class MatchingService(
    IMatchingStore store,
    ShelfSync shelf,
    ShelfView shelfView,
    Calendars calendars,
    EnterprisesV1.EnterpriseRegistry.EnterpriseRegistryClient enterprises,
    CatalogV1.Catalog.CatalogClient catalog,
    IAuditRecorder reads,
    IOptions<MatchingOptions> options,
    TimeProvider time) : V1.Matching.MatchingBase
{
    private LoanPrimeRate Lpr => new(options.Value.LprOneYearBp, options.Value.LprFiveYearBp);

    public override async Task<FinancingNeed> PostFinancingNeed(PostFinancingNeedRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        var pageSize = ApplicationRules.ValidateNeed(request.Uscc, request.AmountFen, request.TermMonths, request.Purpose, request.PageSize);
        var uscc = UnifiedSocialCreditCode.Normalize(request.Uscc);
        RequireTheEnterprise(caller, uscc, "post financing needs");

        var credentials = ForwardedCredentials.From(context);
        var enterprise = await ResilientGrpcClients.ReadAsync("The enterprise registry", () =>
            enterprises.GetEnterpriseAsync(new EnterprisesV1.GetEnterpriseRequest { Uscc = uscc }, credentials, cancellationToken: context.CancellationToken).ResponseAsync);
        var snapshot = Snapshot(enterprise);
        var (view, stale) = await shelf.CurrentAsync(credentials, context.CancellationToken);

        var lpr = Lpr;
        var asked = new FinancingRequest(request.AmountFen, request.TermMonths, request.CollateralAvailable);
        var summary = view.Index.Match(snapshot.ProfileOf(uscc), asked, lpr, new MatchQuery(MatchQuery.MaxTop));
        var now = time.GetUtcNow();
        var need = Need.Fit(
            new Need(
                SortableId.NewId(time), uscc, snapshot, request.AmountFen, request.TermMonths, request.Purpose?.Trim() ?? string.Empty, request.CollateralAvailable,
                [.. summary.Matches.Select(m => StoredMatch.From(m, asked, lpr))], [.. summary.NearestMisses.Select(StoredExclusion.From)],
                lpr, stale, view.ConfirmedAt, now)
            {
                MatchCount = summary.MatchCount,
                ExcludedCount = summary.ExcludedCount,
                ExcludedByReason = summary.ExcludedByReason,
            },
            StoredSize);
        await store.AddNeedAsync(need, new NeedMatchedIntegrationEvent(
            need.NeedId, uscc, snapshot.RegionCode, snapshot.IndustryCode, snapshot.SizeClass.ToString(), need.AmountFen, need.TermMonths,
            summary.MatchCount, summary.ExcludedCount, Dates.Day(Transitions.ChinaDay(now))), context.CancellationToken);
        return MatchingMapping.ToProto(need, NeedPages.Read(need, view.Index, pageSize, null));
    }

    public override async Task<FinancingNeed> GetFinancingNeed(GetFinancingNeedRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        var violations = new Violations();
        violations.Require(Guid.TryParse(request.NeedId, out _), "needId", "is not a need id");
        var pageSize = ServiceDefaults.Validation.Paging.PageSize(violations, request.PageSize);
        var after = RankedTokens.RankAfter(violations, request.PageToken);
        violations.ThrowIfAny();

        var need = await ReadableNeedAsync(caller, request.NeedId, context.CancellationToken);
        var index = NeedPages.ReadsShelf(need, pageSize, after)
            ? (await shelf.CurrentAsync(ForwardedCredentials.From(context), context.CancellationToken)).Shelf.Index
            : null;
        return MatchingMapping.ToProto(need, NeedPages.Read(need, index, pageSize, after));
    }

    public override async Task<NeedProductExplanation> ExplainNeedProduct(ExplainNeedProductRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        var violations = new Violations();
        violations.Require(Guid.TryParse(request.NeedId, out _), "needId", "is not a need id");
        violations.Require(Guid.TryParse(request.ProductId, out _), "productId", "is not a product id");
        violations.ThrowIfAny();

        var need = await ReadableNeedAsync(caller, request.NeedId, context.CancellationToken);

        // As matching ranks it now, so the explanation agrees with the need's pages; a product this replica does not
        // have (delisted, or listed a moment ago and its event still on the way) is read from the catalog.
        if (shelfView.Find(request.ProductId) is { } shelved)
        {
            return MatchingMapping.ToProto(need, shelved.Product, shelved.Version, listed: true, onShelf: true);
        }

        var product = await ResilientGrpcClients.ReadAsync("The catalog", () =>
            catalog.GetProductAsync(new CatalogV1.GetProductRequest { ProductId = request.ProductId }, ForwardedCredentials.From(context), cancellationToken: context.CancellationToken).ResponseAsync);
        var (current, version) = ShelfMapping.FromCatalog(product);
        return MatchingMapping.ToProto(need, current, version, product.Status == CatalogV1.ProductStatus.Listed, onShelf: false);
    }

    public override async Task<V1.Application> SubmitApplication(SubmitApplicationRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        var violations = new Violations();
        violations.Require(Guid.TryParse(request.NeedId, out _), "needId", "is not a need id");
        violations.Require(Guid.TryParse(request.ProductId, out _), "productId", "is not a product id");
        violations.Require(request.ConsentToCreditQuery, "consentToCreditQuery",
            "must be true: the bank may query the enterprise's credit record only with its consent");
        violations.ThrowIfAny();

        var need = await FindNeedAsync(request.NeedId, "needId", context.CancellationToken);
        RequireTheEnterprise(caller, need.Uscc, "apply for its own financing needs");

        var product = await ResilientGrpcClients.ReadAsync("The catalog", () =>
            catalog.GetProductAsync(new CatalogV1.GetProductRequest { ProductId = request.ProductId }, ForwardedCredentials.From(context), cancellationToken: context.CancellationToken).ResponseAsync);
        if (product.Status != CatalogV1.ProductStatus.Listed)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"Product {product.ProductId} was delisted on {product.DelistedAt}; it takes no applications."));
        }

        // Whether it was among the best the need stored or not, the application is made on the product's terms as
        // they are now, so they must fit the need and the enterprise as matched (its bank may have edited them).
        var (current, _) = ShelfMapping.FromCatalog(product);
        var failing = EligibilityRules.Reasons(current, need.Profile, need.Request);
        if (failing.Count > 0)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition,
                $"Product {product.ProductId} is not a match for need {need.NeedId} on its terms as they are now: {string.Join("; ", failing)}."));
        }

        var now = time.GetUtcNow();
        var (calendar, _) = await calendars.CurrentAsync(context.CancellationToken);
        var decideBy = calendar.AddWorkingDays(Transitions.ChinaDay(now), product.DecisionSlaDays);
        var offered = new OfferedProduct(
            product.ProductId, product.BankId, product.Name, (ProductKind)(int)product.Kind, product.MinAmountFen, product.MaxAmountFen,
            product.MinTermMonths, product.MaxTermMonths, product.RateSpreadBp, product.SubsidyEligible, product.DecisionSlaDays);
        var (application, submitted) = Transitions.Submit(SortableId.NewId(time), need, offered, now, decideBy);
        if (await store.TryAddApplicationAsync(application, submitted, context.CancellationToken) is { } existing)
        {
            throw new RpcException(new Status(StatusCode.AlreadyExists,
                $"Need {need.NeedId} has already been sent to product {product.ProductId}: application {existing.ApplicationId} ({existing.Status})."));
        }

        return MatchingMapping.ToProto(application);
    }

    public override async Task<V1.Application> GetApplication(GetApplicationRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        var application = await FindApplicationAsync(request.ApplicationId, context.CancellationToken);
        if (!caller.MayRead(application.Uscc, application.BankId, application.RegionCode))
        {
            Caller.Deny("Only the applicant, the bank it is addressed to, or an official of its region may read an application.");
        }

        await reads.RecordReadAsync(caller, AuditActions.ApplicationRead, application.RegionCode, "application/" + application.ApplicationId, null, time.GetUtcNow(), context.CancellationToken);
        return MatchingMapping.ToProto(application);
    }

    public override async Task<ListApplicationsResponse> ListBankApplications(ListBankApplicationsRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        if (!caller.IsBank || caller.Subject != request.BankId)
        {
            Caller.Deny($"Only bank {request.BankId} itself may read its applications.");
        }

        return await ListAsync(new ApplicationQuery(request.BankId, null, null, null), request.Status, request.PageSize, request.PageToken, context.CancellationToken);
    }

    public override async Task<ListApplicationsResponse> ListEnterpriseApplications(ListEnterpriseApplicationsRequest request, ServerCallContext context)
    {
        var uscc = UnifiedSocialCreditCode.Normalize(request.Uscc);
        RequireTheEnterprise(Caller.From(context), uscc, "read its applications");
        return await ListAsync(new ApplicationQuery(null, uscc, null, null), request.Status, request.PageSize, request.PageToken, context.CancellationToken);
    }

    public override async Task<ListRecommendationsResponse> ListRecommendations(ListRecommendationsRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        var uscc = UnifiedSocialCreditCode.Normalize(request.Uscc);
        var violations = new Violations();
        violations.Require(uscc.Length == UnifiedSocialCreditCode.Length, "uscc", "must be an 18-character Unified Social Credit Code");
        var pageSize = ServiceDefaults.Validation.Paging.PageSize(violations, request.PageSize);
        var after = RankedTokens.ShelfAfter(violations, request.PageToken);
        violations.ThrowIfAny();
        if (!(caller.IsEnterprise && Same(caller.Subject, uscc)) && !caller.IsOfficial)
        {
            Caller.Deny($"Only enterprise {uscc} itself or an official of its region may read its recommendations.");
        }

        // The registry checks the official's region itself, with the caller's own token.
        var credentials = ForwardedCredentials.From(context);
        var enterprise = await ResilientGrpcClients.ReadAsync("The enterprise registry", () =>
            enterprises.GetEnterpriseAsync(new EnterprisesV1.GetEnterpriseRequest { Uscc = uscc }, credentials, cancellationToken: context.CancellationToken).ResponseAsync);
        var (view, _) = await shelf.CurrentAsync(credentials, context.CancellationToken);
        var page = view.Index.Recommend(Snapshot(enterprise).ProfileOf(uscc), pageSize, after);
        return MatchingMapping.ToProto(page, Lpr);
    }

    public override async Task<ProductReach> GetProductReach(GetProductReachRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        var violations = new Violations();
        violations.Require(Guid.TryParse(request.ProductId, out _), "productId", "is not a product id");
        violations.ThrowIfAny();
        if (!caller.IsBank || caller.Subject != request.BankId)
        {
            Caller.Deny($"Only bank {request.BankId} itself may read the reach of its products.");
        }

        var credentials = ForwardedCredentials.From(context);
        var product = await ResilientGrpcClients.ReadAsync("The catalog", () =>
            catalog.GetProductAsync(new CatalogV1.GetProductRequest { ProductId = request.ProductId }, credentials, cancellationToken: context.CancellationToken).ResponseAsync);
        if (product.BankId != request.BankId)
        {
            Caller.Deny($"Product {product.ProductId} belongs to another bank.");
        }

        var rules = product.Eligibility ?? new CatalogV1.Eligibility();
        var criteria = new EnterprisesV1.CountEnterprisesRequest
        {
            MinYearsInOperation = rules.MinYearsInOperation,
            MinTaxCreditRating = rules.MinTaxCreditRating,
        };
        criteria.SizeClasses.AddRange(rules.SizeClasses);
        criteria.IndustryCodes.AddRange(rules.IndustryCodes);
        criteria.RegionCodes.AddRange(rules.RegionCodes);
        var counts = await ResilientGrpcClients.ReadAsync("The enterprise registry", () =>
            enterprises.CountEnterprisesAsync(criteria, credentials, cancellationToken: context.CancellationToken).ResponseAsync);
        return new ProductReach { ProductId = product.ProductId, ProductVersion = product.Version, Enterprises = counts };
    }

    public override async Task<ListApplicationsResponse> ListApplications(ListApplicationsRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        var region = caller.RegionToRead(request.RegionCode, "list applications");
        var page = await ListAsync(new ApplicationQuery(null, null, region, null), request.Status, request.PageSize, request.PageToken, context.CancellationToken);
        if (page.Applications.Count > 0)
        {
            await reads.RecordReadAsync(caller, AuditActions.ApplicationsListed, region, "applications?regionCode=" + region,
                new { ApplicationIds = page.Applications.Select(a => a.ApplicationId).ToList() }, time.GetUtcNow(), context.CancellationToken);
        }

        return page;
    }

    public override async Task StreamApplications(StreamApplicationsRequest request, IServerStreamWriter<V1.Application> responseStream, ServerCallContext context)
    {
        var region = Caller.From(context).RegionToRead(request.RegionCode, "read applications");
        var violations = new Violations();
        var status = MatchingMapping.ToStatus(violations, request.Status);
        violations.ThrowIfAny();

        string? after = null;
        do
        {
            var page = await store.ListApplicationsAsync(new ApplicationQuery(null, null, region, status), ServiceDefaults.Validation.Paging.MaxPageSize, after, context.CancellationToken);
            foreach (var application in page.Items)
            {
                await responseStream.WriteAsync(MatchingMapping.ToProto(application), context.CancellationToken);
            }

            after = page.LastKey;
        }
        while (after is not null);
    }

    public override Task<V1.Application> ApproveApplication(ApproveApplicationRequest request, ServerCallContext context) =>
        DecideAsync(request.ApplicationId, context, application =>
        {
            var deal = ApplicationRules.ValidateApproval(
                application, request.GrantedAmountFen, request.AnnualRateBp, request.TermMonths, request.ContractDate, Lpr, ChinaTime.Today(time));
            return Transitions.Approve(application, deal, application.BankId, time.GetUtcNow());
        });

    public override Task<V1.Application> RejectApplication(RejectApplicationRequest request, ServerCallContext context) =>
        DecideAsync(request.ApplicationId, context, application =>
            Transitions.Reject(application, ApplicationRules.ValidateRejection(request.Reason), application.BankId, time.GetUtcNow()));

    public override async Task<WorkingCalendarYear> GetWorkingCalendar(GetWorkingCalendarRequest request, ServerCallContext context)
    {
        Caller.From(context);
        new Violations().Range("year", request.Year, 2000, 2100).ThrowIfAny();
        var (calendar, recorded) = await calendars.CurrentAsync(context.CancellationToken);
        return MatchingMapping.ToProto(request.Year, calendar, recorded.FirstOrDefault(y => y.Year == request.Year));
    }

    public override async Task<WorkingCalendarYear> PutWorkingCalendar(PutWorkingCalendarRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        // The holidays are national, and every decision deadline in the country counts on them: the
        // platform's operator records them, no region's official.
        if (!caller.IsOperator)
        {
            Caller.Deny("Only the platform's operator records the national working calendar.");
        }

        var recorded = (await store.CalendarYearsAsync(context.CancellationToken)).FirstOrDefault(y => y.Year == request.Year);
        var year = Calendars.Validate(request.Year, request.Holidays, request.WorkingWeekendDays, request.Source, caller.Subject, time.GetUtcNow(),
            correcting: recorded is not null, reason: request.Reason);
        var audit = AuditTrail.Entry(caller, recorded is null ? AuditActions.CalendarRecorded : AuditActions.CalendarCorrected, AuditTrail.National,
            "working-calendar/" + year.Year, Audited(recorded), Audited(year), year.Reason, year.UpdatedAt);
        await store.PutCalendarYearAsync(year, audit, context.CancellationToken);
        var (calendar, _) = await calendars.CurrentAsync(context.CancellationToken);
        return MatchingMapping.ToProto(year.Year, calendar, year);
    }

    private static object? Audited(CalendarYear? year) =>
        year is null ? null : new { year.Holidays, year.WorkingWeekendDays, year.Source };

    // A decision by the application's bank: an overdue application expires instead (as the sweep would have
    // done), a decided one is a conflict, and of two decisions racing, the versioned update lets one win.
    private async Task<V1.Application> DecideAsync(
        string applicationId, ServerCallContext context, Func<Model.Application, (Model.Application, IntegrationEvent)> decide)
    {
        var caller = Caller.From(context);
        var application = await FindApplicationAsync(applicationId, context.CancellationToken);
        if (!caller.IsBank || caller.Subject != application.BankId)
        {
            Caller.Deny($"Only bank {application.BankId}, to which the application is addressed, may decide it.");
        }

        if (ApplicationRules.IsOverdue(application, ChinaTime.Today(time)))
        {
            var (expired, announced) = Transitions.Expire(application, time.GetUtcNow());
            await store.TryUpdateApplicationAsync(expired, application.Version, announced, context.CancellationToken);
            throw new RpcException(new Status(StatusCode.Aborted,
                $"Application {application.ApplicationId} expired: its decide-by date {Dates.Day(application.DecideBy)} has passed."));
        }

        ApplicationRules.RequireUndecided(application);
        var (decided, evt) = decide(application);
        if (!await store.TryUpdateApplicationAsync(decided, application.Version, evt, context.CancellationToken))
        {
            var now = await store.FindApplicationAsync(application.ApplicationId, context.CancellationToken);
            throw new RpcException(new Status(StatusCode.Aborted,
                $"Application {application.ApplicationId} was decided at the same moment ({now?.Status}); this decision was not recorded."));
        }

        return MatchingMapping.ToProto(decided);
    }

    private async Task<ListApplicationsResponse> ListAsync(ApplicationQuery query, V1.ApplicationStatus status, int pageSize, string pageToken, CancellationToken cancellationToken)
    {
        var violations = new Violations();
        var filtered = query with { Status = MatchingMapping.ToStatus(violations, status) };
        var size = ServiceDefaults.Validation.Paging.PageSize(violations, pageSize);
        var after = ServiceDefaults.Validation.Paging.After(violations, pageToken);
        violations.ThrowIfAny();

        var page = await store.ListApplicationsAsync(filtered, size, after, cancellationToken);
        var response = new ListApplicationsResponse { NextPageToken = ServiceDefaults.Validation.Paging.Token(page.LastKey) };
        response.Applications.AddRange(page.Items.Select(MatchingMapping.ToProto));
        return response;
    }

    private static void RequireTheEnterprise(Caller caller, string uscc, string action)
    {
        if (!caller.IsEnterprise || !Same(caller.Subject, uscc))
        {
            Caller.Deny($"Only enterprise {uscc} itself may {action}.");
        }
    }

    private static bool Same(string subject, string uscc) => UnifiedSocialCreditCode.Normalize(subject) == uscc;

    private static int StoredSize(object document) =>
        System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(document, document.GetType(), ServiceDefaults.Storage.StoreJson.Options).Length;

    // What the registry knows, as of today: years in operation are counted on the day of the need.
    private EnterpriseSnapshot Snapshot(EnterprisesV1.Enterprise e) => new(
        e.Name, e.RegionCode, e.IndustryCode, (SizeClass)(int)e.SizeClass, (TaxCreditRating)(int)e.TaxCreditRating,
        YearsInOperation.On(DateOnly.ParseExact(e.EstablishedOn, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), ChinaTime.Today(time)));

    private async Task<Need> ReadableNeedAsync(Caller caller, string needId, CancellationToken cancellationToken)
    {
        var need = await FindNeedAsync(needId, "needId", cancellationToken);
        if (!(caller.IsEnterprise && Same(caller.Subject, need.Uscc)) && !caller.Covers(need.Enterprise.RegionCode))
        {
            Caller.Deny("Only the enterprise itself or an official of its region may read a financing need.");
        }

        await reads.RecordReadAsync(caller, AuditActions.NeedRead, need.Enterprise.RegionCode, "financing-need/" + needId, null, time.GetUtcNow(), cancellationToken);
        return need;
    }

    private async Task<Need> FindNeedAsync(string needId, string field, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(needId, out _))
        {
            Violations.Fail(field, "is not a need id");
        }

        return await store.FindNeedAsync(needId, cancellationToken)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"Financing need {needId} does not exist."));
    }

    private async Task<Model.Application> FindApplicationAsync(string applicationId, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(applicationId, out _))
        {
            Violations.Fail("applicationId", "is not an application id");
        }

        return await store.FindApplicationAsync(applicationId, cancellationToken)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"Application {applicationId} does not exist."));
    }
}
