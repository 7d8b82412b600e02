namespace FinanceMarket.IntegrationEvents;

// An official corrected what an enterprise declared. CorrectionCount orders the corrections of one
// enterprise: a consumer keeps the highest it has seen. Subsidies reads the size class from it, so a
// claim is decided on the enterprise as it is now, not as it was when it applied.
public sealed record EnterpriseCorrectedIntegrationEvent(
    string Uscc,
    string SizeClass,
    string TaxCreditRating,
    int CorrectionCount) : IntegrationEvent
{
    public override string OrderingKey => "enterprise:" + Uscc;

    // The size-class inputs as corrected (absent in older events).
    public int? Employees { get; init; }

    public long? AnnualRevenueFen { get; init; }

    public long? TotalAssetsFen { get; init; }
}
