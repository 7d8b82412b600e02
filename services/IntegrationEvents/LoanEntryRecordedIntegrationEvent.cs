namespace FinanceMarket.IntegrationEvents;

// One line of a loan's ledger (a disbursement, the plan, a repayment, a missed payment and its cure, a
// renewal on either side, the end), with what the statistics need to count it without reading the ledger:
// the loan's parties and class, and how the line moved its balance and its overdue balance on its day.
// Totals keeps the running figures from these; a renewal is two lines, the old loan's and the new one's.
public sealed record LoanEntryRecordedIntegrationEvent(
    string LoanId,
    string ApplicationId,
    string BankId,
    string Uscc,
    string RegionCode,
    string IndustryCode,
    string SizeClass,
    string ProductKind,
    int Sequence,
    string Kind,
    string On,
    long PrincipalFen,
    long InterestFen,
    long BalanceAfterFen,
    long BalanceDeltaFen,
    long OverdueDeltaFen,
    string Status) : IntegrationEvent
{
    // The loan's class (set from its first disbursement or takeover on).
    public bool FirstLoan { get; init; }

    public bool CreditLoan { get; init; }

    public bool InclusiveSmallMicro { get; init; }

    public bool Renewal { get; init; }

    // DISBURSED: the loan's first money paid out (it counts one loan disbursed).
    public bool FirstDisbursement { get; init; }

    // RENEWED_INTO, TOOK_OVER: the other loan, and how it was renewed.
    public string? OtherLoanId { get; init; }

    public string? RenewalKind { get; init; }

    public override string OrderingKey => "loan:" + LoanId;
}
