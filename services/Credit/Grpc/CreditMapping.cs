using FinanceMarket.Credit.Model;
using Google.Protobuf.Collections;
using Proto = FinanceMarket.Credit.V1;
using ProtoCommon = FinanceMarket.Common.V1;

namespace FinanceMarket.Credit.Grpc;

// Between the proto's messages and the model's records; a field left out of a request becomes null.
internal static class CreditMapping
{
    public static RecordKind? Kind(Proto.RecordKind kind) => ProtoEnums.TryToDomain<RecordKind>(kind, out var value) ? value : null;

    public static ConsentPurpose? Purpose(Proto.ConsentPurpose purpose) => ProtoEnums.TryToDomain<ConsentPurpose>(purpose, out var value) ? value : null;

    public static RecordInput ToInput(Proto.CreditRecord r)
    {
        return new RecordInput
        {
            Uscc = r.Uscc,
            Year = r.HasYear ? r.Year : null,
            TaxPaidFen = r.HasTaxPaidFen ? r.TaxPaidFen : null,
            InvoicedRevenueFen = r.HasInvoicedRevenueFen ? r.InvoicedRevenueFen : null,
            TaxCreditRating = r.TaxCreditRating,
            Month = r.Month,
            InsuredEmployees = r.HasInsuredEmployees ? r.InsuredEmployees : null,
            ElectricityKwh = r.HasElectricityKwh ? r.ElectricityKwh : null,
            PaidOnTime = r.HasPaidOnTime ? r.PaidOnTime : null,
            Court = r.Court,
            CaseNumber = r.CaseNumber,
            ListedOn = r.ListedOn,
            LiftedOn = r.LiftedOn,
            AmountFen = r.HasAmountFen ? r.AmountFen : null,
            Dishonest = r.Dishonest,
            Authority = r.Authority,
            DecidedOn = r.DecidedOn,
            Severity = r.Severity,
            Description = r.Description,
            HonorKind = r.Kind,
        };
    }

    public static Proto.CreditRecord ToProto(StoredRecord stored)
    {
        var v = stored.Values;
        var r = new Proto.CreditRecord
        {
            Uscc = stored.Uscc,
            Month = v.Month ?? string.Empty,
            Court = v.Court ?? string.Empty,
            CaseNumber = v.CaseNumber ?? string.Empty,
            ListedOn = Day(v.ListedOn),
            LiftedOn = Day(v.LiftedOn),
            Dishonest = v.Dishonest ?? false,
            Authority = v.Authority ?? string.Empty,
            DecidedOn = Day(v.DecidedOn),
            Description = v.Description ?? string.Empty,
            Kind = v.HonorKind ?? string.Empty,
        };
        if (v.Year is { } year) r.Year = year;
        if (v.TaxPaidFen is { } tax) r.TaxPaidFen = tax;
        if (v.InvoicedRevenueFen is { } revenue) r.InvoicedRevenueFen = revenue;
        if (v.TaxCreditRating is { } rating) r.TaxCreditRating = rating.Wire();
        if (v.InsuredEmployees is { } employees) r.InsuredEmployees = employees;
        if (v.ElectricityKwh is { } kwh) r.ElectricityKwh = kwh;
        if (v.PaidOnTime is { } onTime) r.PaidOnTime = onTime;
        if (v.AmountFen is { } amount) r.AmountFen = amount;
        if (v.Severity is { } severity) r.Severity = severity.Wire();
        return r;
    }

    public static Proto.ImportRecordsResponse ToProto(ImportResult result, bool repeated, int maxProblems = int.MaxValue)
    {
        var response = new Proto.ImportRecordsResponse
        {
            BatchId = result.BatchId,
            Kind = ProtoEnums.ToProto<Proto.RecordKind>(result.Kind),
            Received = result.Received,
            Accepted = result.Accepted,
            Replaced = result.Replaced,
            Repeated = repeated,
            ImportedAt = Dates.Instant(result.ImportedAt),
            ProviderId = result.ProviderId,
            RegionCode = result.RegionCode,
        };
        Problems(response.Refused, result.Refused, maxProblems);
        Problems(response.Flagged, result.Flagged, maxProblems);
        return response;
    }

    public static Proto.Consent ToProto(Consent c, string? bankName, DateOnly today) => new()
    {
        ConsentId = c.ConsentId,
        Uscc = c.Uscc,
        BankId = c.BankId,
        BankName = bankName ?? string.Empty,
        Purpose = ProtoEnums.ToProto<Proto.ConsentPurpose>(c.Purpose),
        ApplicationId = c.ApplicationId ?? string.Empty,
        GrantedAt = Dates.Instant(c.GrantedAt),
        ExpiresOn = Dates.Day(c.ExpiresOn),
        RevokedAt = c.RevokedAt is { } at ? Dates.Instant(at) : string.Empty,
        Live = c.IsLive(today),
    };

    public static Proto.CreditProfile ToProto(CreditProfileView view, string? consentId)
    {
        var profile = new Proto.CreditProfile
        {
            Uscc = view.Uscc,
            AsOf = Dates.Day(view.AsOf),
            UtilityMonthsOnTime = view.UtilityMonthsOnTime,
            Verified = ToProto(view.Verified),
            ConsentId = consentId ?? string.Empty,
        };
        profile.Tax.AddRange(view.Tax.Select(t => new Proto.TaxYear
        {
            Year = t.Values.Year!.Value,
            TaxPaidFen = t.Values.TaxPaidFen!.Value,
            InvoicedRevenueFen = t.Values.InvoicedRevenueFen!.Value,
            TaxCreditRating = t.Values.TaxCreditRating is { } rating ? ProtoEnums.ToProto<ProtoCommon.TaxCreditRating>(rating) : ProtoCommon.TaxCreditRating.Unspecified,
            Source = Source(t.Source),
            Flags = { t.Flags },
        }));
        profile.InsuredEmployees.AddRange(view.InsuredEmployees.Select(e => new Proto.EmployeesMonth
        {
            Month = e.Key, InsuredEmployees = e.Values.InsuredEmployees!.Value, Source = Source(e.Source), Flags = { e.Flags },
        }));
        profile.Utility.AddRange(view.Utility.Select(u => new Proto.UtilityMonth
        {
            Month = u.Key, ElectricityKwh = u.Values.ElectricityKwh!.Value, PaidOnTime = u.Values.PaidOnTime!.Value, Source = Source(u.Source),
        }));
        profile.Enforcement.AddRange(view.Enforcement.Select(e => new Proto.EnforcementRecord
        {
            Court = e.Values.Court!,
            CaseNumber = e.Values.CaseNumber!,
            ListedOn = Day(e.Values.ListedOn),
            LiftedOn = Day(e.Values.LiftedOn),
            AmountFen = e.Values.AmountFen!.Value,
            Dishonest = e.Values.Dishonest ?? false,
            Source = Source(e.Source),
        }));
        profile.Penalties.AddRange(view.Penalties.Select(p => new Proto.PenaltyRecord
        {
            Authority = p.Record.Values.Authority!,
            DecidedOn = Day(p.Record.Values.DecidedOn),
            Severity = ProtoEnums.ToProto<Proto.CreditRecord.Types.Severity>(p.Record.Values.Severity!.Value),
            Description = p.Record.Values.Description!,
            CaseNumber = p.Record.Values.CaseNumber ?? string.Empty,
            InForceUntil = Dates.Day(p.InForceUntil),
            Source = Source(p.Record.Source),
        }));
        profile.Honors.AddRange(view.Honors.Select(h => new Proto.HonorRecord { Kind = h.Values.HonorKind!, Year = h.Values.Year!.Value, Source = Source(h.Source) }));
        return profile;
    }

    public static Proto.Verified ToProto(VerifiedValues v) => new()
    {
        TaxCreditRating = v.TaxCreditRating is { } rating ? ProtoEnums.ToProto<ProtoCommon.TaxCreditRating>(rating) : ProtoCommon.TaxCreditRating.Unspecified,
        TaxRatingYear = v.TaxRatingYear,
        InsuredEmployees = v.InsuredEmployees ?? 0,
        EmployeesMonth = v.EmployeesMonth ?? string.Empty,
        EnforcementRecordsInForce = v.EnforcementRecordsInForce,
        TaxYear = v.TaxYear,
        TaxPaidFen = v.TaxPaidFen,
        InvoicedRevenueFen = v.InvoicedRevenueFen,
    };

    public static Proto.ProfileRead ToProto(ProfileRead r) => new()
    {
        ReadId = r.ReadId,
        ReaderRole = r.ReaderRole,
        ReaderId = r.ReaderId,
        ReaderName = r.ReaderName,
        Scope = r.Scope,
        ConsentId = r.ConsentId ?? string.Empty,
        Purpose = r.Purpose is { } purpose ? ProtoEnums.ToProto<Proto.ConsentPurpose>(purpose) : Proto.ConsentPurpose.Unspecified,
        ReadAt = Dates.Instant(r.ReadAt),
    };

    public static Proto.Discrepancy ToProto(Discrepancy d) => new()
    {
        Uscc = d.Uscc,
        Name = d.Name,
        RegionCode = d.RegionCode,
        Field = d.Field.Wire(),
        Declared = d.Declared,
        Verified = d.Verified,
        VerifiedBy = d.VerifiedBy,
        DeclaredSizeClass = d.DeclaredSizeClass is { } declared ? ProtoEnums.ToProto<ProtoCommon.SizeClass>(declared) : ProtoCommon.SizeClass.Unspecified,
        VerifiedSizeClass = d.VerifiedSizeClass is { } verified ? ProtoEnums.ToProto<ProtoCommon.SizeClass>(verified) : ProtoCommon.SizeClass.Unspecified,
        FoundAt = Dates.Instant(d.FoundAt),
    };

    public static Proto.FlaggedRecord ToFlagged(StoredRecord r) => new()
    {
        Uscc = r.Uscc,
        Kind = ProtoEnums.ToProto<Proto.RecordKind>(r.Kind),
        Key = r.Key,
        Record = ToProto(r),
        Flags = { r.Flags },
        Source = Source(r.Source),
        RegionCode = r.RegionCode,
    };

    private static Proto.Source Source(RecordSource s) => new() { ProviderId = s.ProviderId, BatchId = s.BatchId, ReceivedAt = Dates.Instant(s.ReceivedAt) };

    private static string Day(DateOnly? day) => day is { } d ? Dates.Day(d) : string.Empty;

    private static void Problems(RepeatedField<Proto.RecordProblem> into, IReadOnlyList<RecordProblem> problems, int max) =>
        into.AddRange(problems.Take(max).Select(p => new Proto.RecordProblem { Index = p.Index, Field = p.Field, Message = p.Message }));
}
