namespace FinanceMarket.IntegrationEvents;

public sealed record ProductDelistedIntegrationEvent(string ProductId, string BankId) : IntegrationEvent;
