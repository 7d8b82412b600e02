namespace FinanceMarket.IntegrationEvents;

// An approved claim withdrawn before payment: its reservation is released.
public sealed record SubsidyClaimRejectedIntegrationEvent(
    string Reason) : ClaimIntegrationEvent;
