namespace FinanceMarket.IntegrationEvents;

// The subsidy reached the borrower: totals count it as paid, with each payer's part. PrincipalFen is the
// loan's principal as counted under the programme, the same on every claim of the loan: a subsidised-
// principal figure counts it once per programme and application, not once per claim.
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
