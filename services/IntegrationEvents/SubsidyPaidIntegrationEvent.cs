namespace FinanceMarket.IntegrationEvents;

// The subsidy reached the borrower: totals count it as paid, with each payer's part.
[PublishedBy("subsidies")]
public sealed record SubsidyPaidIntegrationEvent(
    string ClaimId,
    string ProgramId,
    string ApplicationId,
    string Uscc,
    string BankId,
    string RegionCode,
    string IndustryCode,
    long AmountFen,
    long PrincipalFen,
    string PaidOn,
    IReadOnlyList<PayerAmount> Payers) : IntegrationEvent
{
    public override string OrderingKey => "claim:" + ClaimId;
}
