namespace FinanceMarket.IntegrationEvents;

public sealed record ApplicationRejectedIntegrationEvent(
    string Reason,
    string DecidedOn) : ApplicationIntegrationEvent
{
    // Why, as one of the fixed codes (CASH_FLOW, COLLATERAL, ...); absent from rejections made before codes.
    public string? Code { get; init; }

    // From the application (or take) to the rejection; absent before the market loop.
    public long? WorkingMinutesToDecide { get; init; }
}
