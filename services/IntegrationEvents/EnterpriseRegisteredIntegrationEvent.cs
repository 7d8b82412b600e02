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
}
