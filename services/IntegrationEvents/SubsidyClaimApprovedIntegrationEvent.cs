namespace FinanceMarket.IntegrationEvents;

// An official approved a claim: the amount stays reserved against the programme until it is paid.
public sealed record SubsidyClaimApprovedIntegrationEvent(
    long PrincipalFen,
    string PeriodStart,
    string PeriodEnd,
    IReadOnlyList<PayerAmount> Payers) : ClaimIntegrationEvent;
