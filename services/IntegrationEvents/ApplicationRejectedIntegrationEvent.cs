namespace FinanceMarket.IntegrationEvents;

public sealed record ApplicationRejectedIntegrationEvent(
    string ApplicationId,
    string ProductId,
    string BankId,
    string Uscc,
    string RegionCode,
    string IndustryCode,
    string Reason,
    string DecidedOn) : IntegrationEvent
{
    public override string OrderingKey => "application:" + ApplicationId;
}
