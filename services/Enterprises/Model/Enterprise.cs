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
    CheckOverride? RegionOverride = null);

// The audit record of an official registering a real code whose check character fails, or a firm outside
// the region of the authority that issued its code.
public sealed record CheckOverride(string Official, string Reason, DateTimeOffset At);
