namespace FinanceMarket.IntegrationEvents;

[PublishedBy("catalog")]
[SubscribedBy("matching")]
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
    int DecisionSlaDays,
    long ProductVersion) : IntegrationEvent
{
    public override string OrderingKey => "product:" + ProductId;
}

public sealed record ProductEligibility(
    IReadOnlyList<string> SizeClasses,
    IReadOnlyList<string> IndustryCodes,
    IReadOnlyList<string> RegionCodes,
    int MinYearsInOperation,
    string? MinTaxCreditRating,
    bool CollateralRequired);
