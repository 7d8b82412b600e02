namespace FinanceMarket.IntegrationEvents;

// The product's whole listing at ProductVersion, not a change to apply: a bank's edit publishes it again at
// the next version, so a consumer keeps the highest version it has seen and a late or repeated delivery of
// an older one changes nothing. That is why an edit needs no event of its own.
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

    // The product's pre-credit formula, when it offers one (absent in older events).
    public ProductPreCredit? PreCredit { get; init; }
}

public sealed record ProductPreCredit(int TaxPaidMultiple, int InvoicedRevenueShareBp);

public sealed record ProductEligibility(
    IReadOnlyList<string> SizeClasses,
    IReadOnlyList<string> IndustryCodes,
    IReadOnlyList<string> RegionCodes,
    int MinYearsInOperation,
    string? MinTaxCreditRating,
    bool CollateralRequired)
{
    // Absent (false) in events of products listed before the rule existed.
    public bool ExcludeEnforcementRecords { get; init; }
}
