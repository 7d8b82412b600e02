namespace FinanceMarket.IntegrationEvents;

public sealed record BankCreatedIntegrationEvent(string BankId, string Name) : IntegrationEvent
{
    public override string OrderingKey => "bank:" + BankId;
}
