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
    CheckOverride? CheckOverride);

// The audit record of an official registering a real code whose check character fails.
public sealed record CheckOverride(string Official, string Reason, DateTimeOffset At);
