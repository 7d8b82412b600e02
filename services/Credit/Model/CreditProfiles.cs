namespace FinanceMarket.Credit.Model;

// The values the rules use in place of what was declared, with the data each came from. Flagged records are
// never used: a record a quality rule doubts is shown, not believed.
public sealed record VerifiedValues(
    TaxCreditRating? TaxCreditRating,
    int TaxRatingYear,
    int? InsuredEmployees,
    string? EmployeesMonth,
    int EnforcementRecordsInForce,
    int TaxYear,
    long TaxPaidFen,
    long InvoicedRevenueFen)
{
    public static readonly VerifiedValues None = new(null, 0, null, null, 0, 0, 0, 0);
}

// An enterprise's credit data as of a day: what the profile shows and what is verified.
public sealed record CreditProfileView(
    string Uscc,
    DateOnly AsOf,
    IReadOnlyList<StoredRecord> Tax,
    IReadOnlyList<StoredRecord> InsuredEmployees,
    IReadOnlyList<StoredRecord> Utility,
    int UtilityMonthsOnTime,
    IReadOnlyList<StoredRecord> Enforcement,
    IReadOnlyList<(StoredRecord Record, DateOnly InForceUntil)> Penalties,
    IReadOnlyList<StoredRecord> Honors,
    VerifiedValues Verified);

public static class CreditProfiles
{
    // Tax years shown: the newest three on file within the last four calendar years; the rating believed is the
    // newest unflagged rated year among all four.
    public const int TaxYears = 3;

    // Months of social insurance and utilities shown; a headcount older than this is not believed.
    public const int Months = 12;

    // How long a penalty is published (and counted) after its decision (信用修复: 一般 1 year, 严重 3 years).
    public static DateOnly InForceUntil(Severity severity, DateOnly decidedOn) =>
        decidedOn.AddYears(severity == Severity.Serious ? 3 : 1).AddDays(-1);

    public static bool InForce(StoredRecord enforcement, DateOnly today) =>
        enforcement.Values.ListedOn is { } listed && listed <= today && enforcement.Values.LiftedOn is null;

    public static CreditProfileView Build(string uscc, IReadOnlyList<StoredRecord> records, DateOnly today)
    {
        var firstMonth = ImportRules.MonthOf(today.AddMonths(-(Months - 1)));
        var thisMonth = ImportRules.MonthOf(today);
        bool Recent(StoredRecord r) => string.CompareOrdinal(r.Key, firstMonth) >= 0 && string.CompareOrdinal(r.Key, thisMonth) <= 0;
        var taxOnFile = Of(records, RecordKind.Tax).Where(r => r.Values.Year >= today.Year - TaxYears && r.Values.Year <= today.Year)
            .OrderByDescending(r => r.Values.Year).ToList();
        var tax = taxOnFile.Take(TaxYears).ToList();
        var employees = Of(records, RecordKind.SocialInsurance).Where(Recent).OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        var utility = Of(records, RecordKind.Utility).Where(Recent).OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        var enforcement = Of(records, RecordKind.Enforcement).Where(r => InForce(r, today)).OrderByDescending(r => r.Values.ListedOn).ToList();
        var penalties = Of(records, RecordKind.Penalty)
            .Select(r => (Record: r, Until: InForceUntil(r.Values.Severity!.Value, r.Values.DecidedOn!.Value)))
            .Where(p => p.Record.Values.DecidedOn <= today && today <= p.Until)
            .OrderByDescending(p => p.Record.Values.DecidedOn).ToList();
        var honors = Of(records, RecordKind.Honor).OrderByDescending(r => r.Values.Year).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();
        return new CreditProfileView(uscc, today, tax, employees, utility, utility.Count(u => u.Values.PaidOnTime == true), enforcement, penalties, honors,
            Verify(taxOnFile, employees, enforcement.Count, today));
    }

    private static VerifiedValues Verify(List<StoredRecord> tax, List<StoredRecord> employees, int enforcementInForce, DateOnly today)
    {
        var believed = tax.Where(t => !t.Flagged).ToList();
        var rated = believed.FirstOrDefault(t => t.Values.TaxCreditRating is not null);
        var headcount = employees.LastOrDefault(e => !e.Flagged);
        // Last year's figures; the year before's until last year's annual settlement (by 31 May) arrives.
        var figures = believed.FirstOrDefault(t => t.Values.Year == today.Year - 1) ?? believed.FirstOrDefault(t => t.Values.Year == today.Year - 2);
        return new VerifiedValues(
            rated?.Values.TaxCreditRating, rated?.Values.Year ?? 0,
            headcount?.Values.InsuredEmployees, headcount?.Key,
            enforcementInForce,
            figures?.Values.Year ?? 0, figures?.Values.TaxPaidFen ?? 0, figures?.Values.InvoicedRevenueFen ?? 0);
    }

    private static IEnumerable<StoredRecord> Of(IReadOnlyList<StoredRecord> records, RecordKind kind) => records.Where(r => r.Kind == kind);
}
