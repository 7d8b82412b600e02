namespace FinanceMarket.IntegrationEvents;

// The enterprise withdrew its application (or declined the bank that took its need), with its reason.
public sealed record ApplicationWithdrawnIntegrationEvent(
    string Reason,
    string WithdrawnOn) : ApplicationIntegrationEvent;
