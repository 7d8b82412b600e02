namespace FinanceMarket.IntegrationEvents;

// Dates are Asia/Shanghai YYYY-MM-DD.
public sealed record ApplicationSubmittedIntegrationEvent(
    string NeedId,
    string ProductKind,
    long RequestedAmountFen,
    string SubmittedOn,
    string DecideBy) : ApplicationIntegrationEvent;
