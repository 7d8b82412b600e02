namespace FinanceMarket.IntegrationEvents;

// An official approved a claim: the amount stays reserved against the programme until it is paid.
public sealed record SubsidyClaimApprovedIntegrationEvent(
    string ClaimId,
    string ProgramId,
    string ApplicationId,
    string Uscc,
    string BankId,
    string RegionCode,
    string IndustryCode,
    long AmountFen,
    long PrincipalFen,
    string PeriodStart,
    string PeriodEnd,
    IReadOnlyList<PayerAmount> Payers) : IntegrationEvent
{
    public override string OrderingKey => "claim:" + ClaimId;
}
