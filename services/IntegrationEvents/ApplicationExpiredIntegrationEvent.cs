namespace FinanceMarket.IntegrationEvents;

// The bank let its decide-by date pass without deciding.
public sealed record ApplicationExpiredIntegrationEvent(
    string DecideBy) : ApplicationIntegrationEvent;
