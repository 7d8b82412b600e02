namespace FinanceMarket.IntegrationEvents;

public sealed record BankCreatedIntegrationEvent(string BankId, string Name) : IntegrationEvent;
