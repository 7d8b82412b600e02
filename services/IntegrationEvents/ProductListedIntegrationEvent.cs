namespace FinanceMarket.IntegrationEvents;

public sealed record ProductListedIntegrationEvent(
    string ProductId,
    string BankId,
    string Name,
    string Kind,
    long MinAmountFen,
    long MaxAmountFen,
    int MinTermMonths,
    int MaxTermMonths,
    int RateSpreadBp,
    ProductEligibility Eligibility,
    bool SubsidyEligible,
    int DecisionSlaDays) : IntegrationEvent;

public sealed record ProductEligibility(
    IReadOnlyList<string> SizeClasses,
    IReadOnlyList<string> IndustryCodes,
    IReadOnlyList<string> RegionCodes,
    int MinYearsInOperation,
    string? MinTaxCreditRating,
    bool CollateralRequired);
