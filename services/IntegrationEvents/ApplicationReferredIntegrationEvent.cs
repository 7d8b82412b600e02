namespace FinanceMarket.IntegrationEvents;

// A declined enterprise let its need be passed to the other fitting banks (the referral scheme): the
// application is the rejected one, its bank the one that declined.
public sealed record ApplicationReferredIntegrationEvent(
    string NeedId,
    string RejectionCode,
    int Round,
    int BanksReached,
    string ReferredOn) : ApplicationIntegrationEvent;
