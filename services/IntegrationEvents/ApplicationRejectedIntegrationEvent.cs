namespace FinanceMarket.IntegrationEvents;

public sealed record ApplicationRejectedIntegrationEvent(
    string Reason,
    string DecidedOn) : ApplicationIntegrationEvent;
