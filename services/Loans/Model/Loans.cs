using System.Text.Json.Serialization;

namespace FinanceMarket.Loans.Model;

[WireNames]
public enum LoanStatus
{
    // Approved, nothing paid out yet.
    AwaitingDisbursement = 1,
    Active = 2,
    // A scheduled principal is unpaid after its due day.
    Overdue = 3,
    Settled = 4,
    WrittenOff = 5,
    // Its balance was taken over by a new loan.
    Renewed = 6,
}

[WireNames]
public enum ScheduleKind
{
    // 等额本息: the same payment every month.
    EqualInstalment = 1,
    // 等额本金: the same principal every month, interest on what is left.
    EqualPrincipal = 2,
    // 先息后本: interest monthly, the principal at the end.
    InterestOnlyBullet = 3,
    // The dates and amounts the bank and the enterprise agreed.
    Explicit = 4,
}

[WireNames]
public enum RenewalKind
{
    // 无还本续贷: the new loan takes the balance over without the enterprise repaying first.
    NoRepaymentRenewal = 1,
    // 还本续贷: the enterprise repays (often with bridge funds) and the bank lends the same again at once.
    RepayThenRenew = 2,
}

[WireNames]
public enum EntryKind
{
    Disbursed = 1,
    ScheduleSet = 2,
    Repaid = 3,
    BecameOverdue = 4,
    // The overdue principal is paid: the loan is current again.
    Cured = 5,
    // This loan's balance moved to its renewal (the old loan's side).
    RenewedInto = 6,
    // The balance of the loan renewed (the new loan's side).
    TookOver = 7,
    Settled = 8,
    WrittenOff = 9,
}

// One line of a loan's ledger. Entries are kept in the order they happened, and none is dated before the
// one before it: a total published for a day never changes afterwards. Principal is the change to the
// balance's size (always 0 or more; the kind says in which direction).
public sealed record LedgerEntry(int Sequence, EntryKind Kind, DateOnly On, long PrincipalFen, long InterestFen, string By, DateTimeOffset RecordedAt)
{
    // RenewedInto, TookOver: the other loan. WrittenOff: the reason.
    public string? Note { get; init; }

    // BecameOverdue: the due day of the instalment missed.
    public DateOnly? DueOn { get; init; }

    // RenewedInto: how the loan was renewed.
    public RenewalKind? RenewalKind { get; init; }
}

public sealed record Instalment(int Number, DateOnly DueOn, long PrincipalFen, long InterestFen);

// The repayment plan in force: it covers the principal outstanding when it was set (BaseRepaidFen is the
// principal repaid before it), so a loan's overdue state is judged against its latest plan.
public sealed record Schedule(ScheduleKind Kind, DateOnly StartOn, IReadOnlyList<Instalment> Instalments, long BaseRepaidFen);

// How the statistics count a loan, decided at its first disbursement (or takeover) and never after.
public sealed record LoanClass(bool FirstLoan, bool CreditLoan, bool InclusiveSmallMicro, bool Renewal);

// Who and what a loan is about: fixed at approval (a renewal copies them from the loan it renews).
public sealed record LoanTerms(
    string ApplicationId,
    string ProductId,
    string BankId,
    string Uscc,
    string RegionCode,
    string IndustryCode,
    SizeClass SizeClass,
    ProductKind ProductKind,
    long GrantedFen,
    int RateBp,
    int TermMonths,
    DateOnly ContractDate,
    bool SubsidyEligible);

public sealed record Loan(
    string LoanId,
    LoanTerms Terms,
    LoanStatus Status,
    IReadOnlyList<LedgerEntry> Entries,
    DateTimeOffset CreatedAt)
{
    public Schedule? Schedule { get; init; }

    public LoanClass? Class { get; init; }

    public string? RenewalOf { get; init; }

    public RenewalKind? RenewalKind { get; init; }

    public string? RenewedInto { get; init; }

    public DateOnly? ClosedOn { get; init; }

    // The overdue state as last recorded: the due day missed, or null while current.
    public DateOnly? OverdueDueOn { get; init; }

    [JsonIgnore]
    public int Version => Entries.Count;

    [JsonIgnore]
    public DateOnly? LastEntryOn => Entries.Count == 0 ? null : Entries[^1].On;

    [JsonIgnore]
    public DateOnly? FirstDisbursedOn => Entries.FirstOrDefault(e => e.Kind is EntryKind.Disbursed or EntryKind.TookOver)?.On;

    // Paid out, by disbursement or by taking a renewed loan over.
    [JsonIgnore]
    public long DisbursedFen => Entries.Where(e => e.Kind is EntryKind.Disbursed or EntryKind.TookOver).Sum(e => e.PrincipalFen);

    [JsonIgnore]
    public long PrincipalRepaidFen => Entries.Where(e => e.Kind == EntryKind.Repaid).Sum(e => e.PrincipalFen);

    [JsonIgnore]
    public long InterestRepaidFen => Entries.Where(e => e.Kind == EntryKind.Repaid).Sum(e => e.InterestFen);

    [JsonIgnore]
    public long BalanceFen => Balances.On(this, DateOnly.MaxValue);

    [JsonIgnore]
    public bool IsClosed => Status is LoanStatus.Settled or LoanStatus.WrittenOff or LoanStatus.Renewed;
}
