namespace FinanceMarket.IntegrationEvents;

public sealed record EnterpriseRegisteredIntegrationEvent(
    string Uscc,
    string Name,
    string IndustryCode,
    string RegionCode,
    string SizeClass,
    string TaxCreditRating,
    string EstablishedOn) : IntegrationEvent
{
    public override string OrderingKey => "enterprise:" + Uscc;

    // The size-class inputs as declared, so credit data can be compared with them (absent in older events).
    public int? Employees { get; init; }

    public long? AnnualRevenueFen { get; init; }

    public long? TotalAssetsFen { get; init; }

    // The registry's day of the registration (YYYY-MM-DD, Asia/Shanghai); absent in older events, whose day is
    // that of OccurredAt.
    public string? RegisteredOn { get; init; }
}
