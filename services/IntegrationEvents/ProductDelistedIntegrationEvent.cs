namespace FinanceMarket.IntegrationEvents;

// ProductVersion lets a consumer that keeps a view of the shelf ignore anything older than what it holds.
public sealed record ProductDelistedIntegrationEvent(string ProductId, string BankId, long ProductVersion) : IntegrationEvent
{
    public override string OrderingKey => "product:" + ProductId;
}
