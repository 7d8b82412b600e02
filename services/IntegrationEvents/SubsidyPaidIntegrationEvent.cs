namespace FinanceMarket.IntegrationEvents;

// The subsidy reached the borrower: totals count it as paid, with each payer's part. PrincipalFen is the
// loan's principal as counted under the programme, the same on every claim of the loan: a subsidised-
// principal figure counts it once per programme and application, not once per claim.
public sealed record SubsidyPaidIntegrationEvent(
    long PrincipalFen,
    string PaidOn,
    IReadOnlyList<PayerAmount> Payers) : ClaimIntegrationEvent;
