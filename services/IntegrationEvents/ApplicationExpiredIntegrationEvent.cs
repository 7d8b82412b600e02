namespace FinanceMarket.IntegrationEvents;

// The bank let its decide-by date pass without deciding.
public sealed record ApplicationExpiredIntegrationEvent(
    string ApplicationId,
    string ProductId,
    string BankId,
    string Uscc,
    string RegionCode,
    string IndustryCode,
    string DecideBy) : IntegrationEvent
{
    public override string OrderingKey => "application:" + ApplicationId;
}
