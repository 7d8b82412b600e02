namespace FinanceMarket.Enterprises.Model;

public sealed record Enterprise(
    string Uscc,
    string Name,
    string IndustryCode,
    string RegionCode,
    int Employees,
    long AnnualRevenueFen,
    long TotalAssetsFen,
    DateOnly EstablishedOn,
    TaxCreditRating TaxCreditRating,
    SizeClass SizeClass,
    DateTimeOffset RegisteredAt,
    CheckOverride? CheckOverride,
    CheckOverride? RegionOverride = null,
    IReadOnlyList<ProfileCorrection>? Corrections = null)
{
    public int CorrectionCount => Corrections?.Count ?? 0;
}

// An official's correction of what the firm declared, with the values it replaced.
public sealed record ProfileCorrection(
    string Official,
    string Reason,
    DateTimeOffset At,
    int PreviousEmployees,
    long PreviousAnnualRevenueFen,
    long PreviousTotalAssetsFen,
    TaxCreditRating PreviousTaxCreditRating,
    SizeClass PreviousSizeClass);

// The corrected values an official sends; null leaves the value as it is.
public sealed record Correction(int? Employees, long? AnnualRevenueFen, long? TotalAssetsFen, TaxCreditRating? TaxCreditRating, bool RatingUndefined, string? Reason);

// The audit record of an official registering a real code whose check character fails, or a firm outside
// the region of the authority that issued its code.
public sealed record CheckOverride(string Official, string Reason, DateTimeOffset At);
