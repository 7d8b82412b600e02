namespace FinanceMarket.IntegrationEvents;

// Dates are Asia/Shanghai YYYY-MM-DD.
public sealed record ApplicationSubmittedIntegrationEvent(
    string NeedId,
    string ProductKind,
    long RequestedAmountFen,
    string SubmittedOn,
    string DecideBy) : ApplicationIntegrationEvent
{
    // TAKEN when the bank took a broadcast need (its own act: it needs no telling); APPLIED, or absent in
    // events published before the market loop, when the enterprise applied.
    public string? Origin { get; init; }

    // The enterprise's registered name, so the bank's notice names it (absent in older events).
    public string? EnterpriseName { get; init; }

    // The enterprise consented to the bank's reading its credit data for this application (30 days).
    public bool ConsentToCreditQuery { get; init; }
}
