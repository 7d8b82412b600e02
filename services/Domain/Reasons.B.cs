namespace FinanceMarket.Domain;

// Reason codes of the loan ledger and of subsidy claims, beside those of Reasons.cs (same rules: each with
// the values it carries; dates YYYY-MM-DD; a value named ...Fen is fen).
public static partial class Reasons
{
    // A day of the ledger against the loan's own dates.
    public const string DayInFuture = "DAY_IN_FUTURE";                       // today
    public const string BeforeContractDate = "BEFORE_CONTRACT_DATE";         // contractDate (the loan's)
    public const string BeforeFirstDisbursement = "BEFORE_FIRST_DISBURSEMENT"; // firstDisbursedOn
    public const string BeforeLatestEntry = "BEFORE_LATEST_ENTRY";           // latestEntryOn (the ledger is kept in order)

    // What is still owed on a loan.
    public const string LoanFullyDisbursed = "LOAN_FULLY_DISBURSED";         // grantedFen (all of it paid out already)
    public const string LoanStillOutstanding = "LOAN_STILL_OUTSTANDING";     // outstandingFen (to repay or write off first)
    public const string MoreThanOutstanding = "MORE_THAN_OUTSTANDING";       // outstanding, got (in the field's unit)

    // A subsidy claim's period against the loan and the programme.
    public const string InterestNotAccrued = "INTEREST_NOT_ACCRUED";         // today, claimOn (the first day the period may be claimed)
    public const string BeyondLoanTerm = "BEYOND_LOAN_TERM";                 // endsOn (the loan's term)
    public const string BeyondProgrammeMonths = "BEYOND_PROGRAMME_MONTHS";   // maxMonths, endsOn (the subsidy's)
}
