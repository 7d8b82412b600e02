using System.Globalization;

namespace FinanceMarket.Credit.Model;

// A batch as a provider sent it, with who sent it and the region whose data it may supply.
public sealed record ImportBatch(
    string ProviderId, string ProviderRegion, string BatchId, RecordKind Kind, IReadOnlyList<RecordInput> Records, string Hash, DateTimeOffset At);

// A record that passed its own rules, waiting for the checks that need the store (region, quality).
public sealed record ValidRecord(int Index, string Uscc, string Key, RecordValues Values);

// What the batch's own rules left: the records to check against the store, and those already refused.
public sealed record ImportPlan(IReadOnlyList<ValidRecord> Valid, IReadOnlyList<RecordProblem> Refused);

// The answer to a batch, kept with it so a repeat gets the same answer.
public sealed record ImportResult(
    string BatchId,
    RecordKind Kind,
    string ProviderId,
    string RegionCode,
    int Received,
    int Accepted,
    int Replaced,
    IReadOnlyList<RecordProblem> Refused,
    IReadOnlyList<RecordProblem> Flagged,
    DateTimeOffset ImportedAt);

// What the store knows that a batch is checked against, read once per enterprise of the batch: what each
// declared (its region, else the issuing authority's in its code) and, for social insurance, the headcount
// of the month before each record's where the batch does not hold it.
public sealed class ImportLookup(IReadOnlyDictionary<string, DeclaredProfile> declared, IReadOnlyDictionary<(string Uscc, string Month), int> headcounts)
{
    public DeclaredProfile? DeclaredOf(string uscc) => declared.GetValueOrDefault(uscc);

    public string? RegionOf(string uscc) => declared.TryGetValue(uscc, out var profile) ? profile.RegionCode : ImportRules.RegionOfCode(uscc);

    public int? HeadcountOf(string uscc, string month) => headcounts.TryGetValue((uscc, month), out var count) ? count : null;
}

public static class ImportRules
{
    public const int MaxRecords = 10_000;
    public const int MaxBatchIdLength = 100;

    // Money and quantities beyond these are a unit mistake (yuan sent as fen, a meter reading as kWh).
    public const long MaxKwh = 1_000_000_000_000;

    public const int EarliestYear = 1990;

    public const string RevenueBelowTax = "REVENUE_BELOW_TAX";
    public const string HeadcountJump = "HEADCOUNT_JUMP";

    private static readonly Dictionary<RecordKind, string[]> FieldsOf = new()
    {
        [RecordKind.Tax] = ["year", "taxPaidFen", "invoicedRevenueFen", "taxCreditRating"],
        [RecordKind.SocialInsurance] = ["month", "insuredEmployees"],
        [RecordKind.Utility] = ["month", "electricityKwh", "paidOnTime"],
        [RecordKind.Enforcement] = ["court", "caseNumber", "listedOn", "liftedOn", "amountFen", "dishonest"],
        [RecordKind.Penalty] = ["authority", "decidedOn", "severity", "description", "caseNumber"],
        [RecordKind.Honor] = ["kind", "year"],
    };

    // The batch as a whole: refused outright (nothing stored) when these fail.
    public static void ValidateBatch(string? batchId, RecordKind? kind, int unknownKind, int count)
    {
        var v = new Violations();
        v.Text("batchId", batchId, MaxBatchIdLength);
        if (kind is null && unknownKind == 0)
        {
            v.Add("kind", Reasons.Required, "is required: TAX, SOCIAL_INSURANCE, UTILITY, ENFORCEMENT, PENALTY or HONOR");
        }
        else if (kind is null)
        {
            v.Add("kind", Reasons.NotOneOf, $"must be TAX, SOCIAL_INSURANCE, UTILITY, ENFORCEMENT, PENALTY or HONOR; got {unknownKind}",
                ("allowed", Enum.GetValues<RecordKind>().Select(k => k.Wire())), ("got", unknownKind));
        }

        v.Require(count is > 0 and <= MaxRecords, "records", Reasons.OutOfRange, $"must hold 1 to {MaxRecords:N0} records; got {count:N0}",
            ("min", 1), ("max", MaxRecords), ("got", count));
        v.ThrowIfAny();
    }

    // Every record's own rules, and no two records of the batch with one key.
    public static ImportPlan Plan(RecordKind kind, IReadOnlyList<RecordInput> records, DateOnly today)
    {
        var valid = new List<ValidRecord>(records.Count);
        var refused = new List<RecordProblem>();
        var seen = new Dictionary<(string, string), int>();
        for (var i = 0; i < records.Count; i++)
        {
            var problems = new Violations();
            var uscc = Uscc(problems, records[i].Uscc);
            var (key, values) = Values(kind, records[i], problems, today);
            foreach (var field in Present(records[i]).Except(FieldsOf[kind]))
            {
                problems.Add(field, Reasons.NotApplicable, $"is not a field of {kind.Wire()} records",
                    ("when", "kind=" + string.Join(",", FieldsOf.Where(f => f.Value.Contains(field)).Select(f => f.Key.Wire()))));
            }

            if (problems.Any)
            {
                refused.AddRange(problems.Items.Select(p => new RecordProblem(i, $"records[{i}].{p.Field}", p.Description)));
                continue;
            }

            if (seen.TryGetValue((uscc!, key!), out var first))
            {
                refused.Add(new RecordProblem(i, $"records[{i}]", $"has the same enterprise and key ({key}) as records[{first}]"));
                continue;
            }

            seen[(uscc!, key!)] = i;
            valid.Add(new ValidRecord(i, uscc!, key!, values!));
        }

        return new ImportPlan(valid, refused);
    }

    // The checks that need the store: the enterprise's region within the provider's, and the quality rules
    // that flag a record (kept, shown, not used as verified). A headcount is compared with the month before,
    // from this batch or the store.
    public static (List<StoredRecord> Kept, List<RecordProblem> Refused, List<RecordProblem> Flagged) Complete(
        ImportBatch batch, ImportPlan plan, ImportLookup lookup)
    {
        var kept = new List<StoredRecord>(plan.Valid.Count);
        var refused = new List<RecordProblem>(plan.Refused);
        var flagged = new List<RecordProblem>();
        var batchHeadcounts = plan.Valid.Where(r => r.Values.InsuredEmployees is not null)
            .ToDictionary(r => (r.Uscc, r.Key), r => r.Values.InsuredEmployees!.Value);
        var source = new RecordSource(batch.ProviderId, batch.BatchId, batch.At);
        foreach (var record in plan.Valid)
        {
            var region = lookup.RegionOf(record.Uscc);
            if (region is null)
            {
                refused.Add(new RecordProblem(record.Index, $"records[{record.Index}].uscc",
                    "the enterprise's region is not known: it is not registered here and its code was issued by a national authority"));
                continue;
            }

            if (!RegionCode.Covers(batch.ProviderRegion, region))
            {
                // Not which region it is in: a provider learns nothing of where an enterprise is registered.
                refused.Add(new RecordProblem(record.Index, $"records[{record.Index}].uscc",
                    $"the enterprise is outside this provider's region {batch.ProviderRegion}"));
                continue;
            }

            var flags = new List<string>();
            var values = record.Values;
            if (values.InvoicedRevenueFen < values.TaxPaidFen)
            {
                flags.Add(RevenueBelowTax);
                flagged.Add(new RecordProblem(record.Index, RevenueBelowTax,
                    $"invoiced revenue {Yuan(values.InvoicedRevenueFen!.Value)} yuan is below the tax paid {Yuan(values.TaxPaidFen!.Value)} yuan"));
            }

            if (values.InsuredEmployees is { } now && record.Key is { } month)
            {
                var before = PreviousMonth(month);
                var previous = batchHeadcounts.TryGetValue((record.Uscc, before), out var inBatch) ? inBatch : lookup.HeadcountOf(record.Uscc, before);
                if (previous is { } then && then > 0 && now > 0 && (now > 10L * then || then > 10L * now))
                {
                    flags.Add(HeadcountJump);
                    flagged.Add(new RecordProblem(record.Index, HeadcountJump, $"insured employees went from {then} in {before} to {now}: more than tenfold in a month"));
                }
            }

            kept.Add(new StoredRecord(record.Uscc, batch.Kind, record.Key, region, values, source, flags));
        }

        refused.Sort((a, b) => a.Index.CompareTo(b.Index));
        return (kept, refused, flagged);
    }

    // The region an enterprise's code was issued in (characters 3-8), unless a national authority issued it.
    public static string? RegionOfCode(string uscc)
    {
        var region = UnifiedSocialCreditCode.RegionOf(uscc);
        return RegionCode.IsRegion(region) ? region : null;
    }

    public static string PreviousMonth(string month) =>
        DateOnly.ParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture).AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture);

    // The months before each social insurance record's that the batch does not hold: the store reads these.
    public static IEnumerable<(string Uscc, string Month)> MonthsBefore(ImportPlan plan)
    {
        var inBatch = plan.Valid.Select(r => (r.Uscc, r.Key)).ToHashSet();
        return plan.Valid.Select(r => (r.Uscc, Month: PreviousMonth(r.Key))).Where(k => !inBatch.Contains(k)).Distinct();
    }

    public static string MonthOf(DateOnly day) => day.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static string Yuan(long fen) => (fen / 100m).ToString("0.##", CultureInfo.InvariantCulture);

    private static string? Uscc(Violations problems, string? raw)
    {
        var check = UnifiedSocialCreditCode.Check(raw);
        if (!check.IsValid)
        {
            problems.Add("uscc", check.ToProblem()!);
            return null;
        }

        return check.Code;
    }

    private static (string? Key, RecordValues? Values) Values(RecordKind kind, RecordInput r, Violations v, DateOnly today)
    {
        switch (kind)
        {
            case RecordKind.Tax:
            {
                var year = Year(v, "year", r.Year, today);
                Money(v, "taxPaidFen", r.TaxPaidFen, allowZero: true);
                Money(v, "invoicedRevenueFen", r.InvoicedRevenueFen, allowZero: true);
                var rating = Named<TaxCreditRating>(v, "taxCreditRating", r.TaxCreditRating, "A, B, M, C or D", required: false);
                return (year?.ToString(CultureInfo.InvariantCulture),
                    new RecordValues { Year = year, TaxPaidFen = r.TaxPaidFen, InvoicedRevenueFen = r.InvoicedRevenueFen, TaxCreditRating = rating });
            }

            case RecordKind.SocialInsurance:
            {
                var month = Month(v, r.Month, today);
                if (r.InsuredEmployees is null)
                {
                    v.Add("insuredEmployees", Reasons.Required, "is required");
                }
                else
                {
                    v.Range("insuredEmployees", r.InsuredEmployees.Value, 0, Limits.MaxEmployees);
                }

                return (month, new RecordValues { Month = month, InsuredEmployees = r.InsuredEmployees });
            }

            case RecordKind.Utility:
            {
                var month = Month(v, r.Month, today);
                if (r.ElectricityKwh is null)
                {
                    v.Add("electricityKwh", Reasons.Required, "is required");
                }
                else
                {
                    v.Range("electricityKwh", r.ElectricityKwh.Value, 0, MaxKwh);
                }

                v.Require(r.PaidOnTime is not null, "paidOnTime", Reasons.Required, "is required (true or false)");
                return (month, new RecordValues { Month = month, ElectricityKwh = r.ElectricityKwh, PaidOnTime = r.PaidOnTime });
            }

            case RecordKind.Enforcement:
            {
                v.Text("court", r.Court, 100);
                v.Text("caseNumber", r.CaseNumber, 60);
                var listed = Day(v, "listedOn", r.ListedOn, today, required: true);
                var lifted = Day(v, "liftedOn", r.LiftedOn, today, required: false);
                if (listed is not null && lifted is not null && lifted < listed)
                {
                    v.Add("liftedOn", Reasons.BelowField, $"{Dates.Day(lifted.Value)} is before the day it was listed ({Dates.Day(listed.Value)})",
                        ("field", "listedOn"), ("min", listed.Value));
                }

                Money(v, "amountFen", r.AmountFen, allowZero: false);
                return (r.CaseNumber?.Trim(), new RecordValues
                {
                    Court = r.Court?.Trim(), CaseNumber = r.CaseNumber?.Trim(), ListedOn = listed, LiftedOn = lifted, AmountFen = r.AmountFen, Dishonest = r.Dishonest,
                });
            }

            case RecordKind.Penalty:
            {
                v.Text("authority", r.Authority, 100);
                var decided = Day(v, "decidedOn", r.DecidedOn, today, required: true);
                var severity = Named<Severity>(v, "severity", r.Severity, "MINOR or SERIOUS", required: true);
                v.Text("description", r.Description, 500);
                if (!string.IsNullOrEmpty(r.CaseNumber))
                {
                    v.Text("caseNumber", r.CaseNumber, 60);
                }

                var caseNumber = string.IsNullOrWhiteSpace(r.CaseNumber) ? null : r.CaseNumber.Trim();
                var key = caseNumber ?? (decided is null ? null : r.Authority?.Trim() + "|" + Dates.Day(decided.Value));
                return (key, new RecordValues
                {
                    Authority = r.Authority?.Trim(), DecidedOn = decided, Severity = severity, Description = r.Description?.Trim(), CaseNumber = caseNumber,
                });
            }

            case RecordKind.Honor:
            {
                v.Text("kind", r.HonorKind, 40);
                var year = Year(v, "year", r.Year, today);
                return (r.HonorKind?.Trim() + "|" + year, new RecordValues { HonorKind = r.HonorKind?.Trim(), Year = year });
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    // The fields a record carries, by their JSON names.
    private static IEnumerable<string> Present(RecordInput r)
    {
        if (r.Year is not null) yield return "year";
        if (r.TaxPaidFen is not null) yield return "taxPaidFen";
        if (r.InvoicedRevenueFen is not null) yield return "invoicedRevenueFen";
        if (!string.IsNullOrEmpty(r.TaxCreditRating)) yield return "taxCreditRating";
        if (!string.IsNullOrEmpty(r.Month)) yield return "month";
        if (r.InsuredEmployees is not null) yield return "insuredEmployees";
        if (r.ElectricityKwh is not null) yield return "electricityKwh";
        if (r.PaidOnTime is not null) yield return "paidOnTime";
        if (!string.IsNullOrEmpty(r.Court)) yield return "court";
        if (!string.IsNullOrEmpty(r.CaseNumber)) yield return "caseNumber";
        if (!string.IsNullOrEmpty(r.ListedOn)) yield return "listedOn";
        if (!string.IsNullOrEmpty(r.LiftedOn)) yield return "liftedOn";
        if (r.AmountFen is not null) yield return "amountFen";
        if (r.Dishonest) yield return "dishonest";
        if (!string.IsNullOrEmpty(r.Authority)) yield return "authority";
        if (!string.IsNullOrEmpty(r.DecidedOn)) yield return "decidedOn";
        if (!string.IsNullOrEmpty(r.Severity)) yield return "severity";
        if (!string.IsNullOrEmpty(r.Description)) yield return "description";
        if (!string.IsNullOrEmpty(r.HonorKind)) yield return "kind";
    }

    private static int? Year(Violations v, string field, int? year, DateOnly today)
    {
        if (year is null)
        {
            v.Add(field, Reasons.Required, "is required");
            return null;
        }

        if (year > today.Year)
        {
            v.Add(field, Reasons.OutOfRange, $"{year} is in the future (today is {Dates.Day(today)})",
                ("min", EarliestYear), ("max", today.Year), ("got", year.Value));
            return null;
        }

        v.Range(field, year.Value, EarliestYear, today.Year);
        return year;
    }

    private static string? Month(Violations v, string? month, DateOnly today)
    {
        if (string.IsNullOrEmpty(month))
        {
            v.Add("month", Reasons.Required, "is required (YYYY-MM)");
            return null;
        }

        if (!DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first) || month.Length != 7)
        {
            var got = month.Length > 20 ? month[..20] + "…" : month;
            v.Add("month", Reasons.NotAMonth, $"must be a month YYYY-MM; got '{got}'", ("got", got));
            return null;
        }

        var earliest = $"{EarliestYear}-01";
        if (first.Year < EarliestYear)
        {
            v.Add("month", Reasons.MonthOutOfRange, $"must not be before {earliest}", ("min", earliest), ("max", MonthOf(today)), ("got", month));
            return null;
        }

        if (first > new DateOnly(today.Year, today.Month, 1))
        {
            v.Add("month", Reasons.MonthOutOfRange, $"{month} is in the future (today is {Dates.Day(today)})",
                ("min", earliest), ("max", MonthOf(today)), ("got", month));
            return null;
        }

        return month;
    }

    private static DateOnly? Day(Violations v, string field, string? raw, DateOnly today, bool required)
    {
        var day = v.Date(field, raw, required);
        if (day > today)
        {
            v.Add(field, Reasons.DateOutOfRange, $"{Dates.Day(day.Value)} is in the future (today is {Dates.Day(today)})",
                ("min", Violations.EarliestDate), ("max", today), ("got", day.Value));
            return null;
        }

        return day;
    }

    // One of an enum's wire names, exactly as written ("a" is not a rating).
    private static T? Named<T>(Violations v, string field, string? raw, string names, bool required) where T : struct, Enum
    {
        if (string.IsNullOrEmpty(raw))
        {
            v.Require(!required, field, Reasons.Required, $"is required: {names}");
            return null;
        }

        if (WireNames.TryParse<T>(raw, out var value))
        {
            return value;
        }

        var got = raw.Length <= 20 ? raw : raw[..20] + "…";
        v.Add(field, Reasons.NotOneOf, $"must be {names}; got '{got}'", ("allowed", Enum.GetValues<T>().Select(t => t.Wire())), ("got", got));
        return null;
    }

    private static void Money(Violations v, string field, long? fen, bool allowZero)
    {
        if (fen is null)
        {
            v.Add(field, Reasons.Required, "is required (fen)");
            return;
        }

        v.Range(field, fen.Value, allowZero ? 0 : 1, Limits.MaxEnterpriseFiguresFen);
    }
}
