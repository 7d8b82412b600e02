namespace FinanceMarket.Subsidies.Model;

// The LPR published for a date; the quote in force on a day is the latest one effective on or before it.
public sealed record LprQuote(
    DateOnly EffectiveOn, int OneYearBp, int FiveYearBp, string RecordedBy, DateTimeOffset RecordedAt, IReadOnlyList<LprCorrection>? Corrections = null)
{
    // Loans up to five years are priced on the 1-year rate, longer ones on the 5-year rate.
    public int For(int termMonths) => termMonths > 60 ? FiveYearBp : OneYearBp;

    public int CorrectionCount => Corrections?.Count ?? 0;

    // The operator's correction: the new figures, and the ones they replace kept with who, why and when.
    public LprQuote Corrected(int oneYearBp, int fiveYearBp, string by, string reason, DateTimeOffset at) => this with
    {
        OneYearBp = oneYearBp,
        FiveYearBp = fiveYearBp,
        Corrections = [.. Corrections ?? [], new LprCorrection(OneYearBp, FiveYearBp, by, reason, at)],
    };

    // How a claim names the quote it was priced on, so a later correction cannot hide what it used.
    public string Describe(int termMonths) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"LPR {(termMonths > 60 ? "5-year" : "1-year")} {For(termMonths)} bp effective {EffectiveOn:yyyy-MM-dd}{(CorrectionCount > 0 ? $" (as corrected {CorrectionCount} time(s))" : string.Empty)}");
}

public sealed record LprCorrection(int PreviousOneYearBp, int PreviousFiveYearBp, string CorrectedBy, string Reason, DateTimeOffset CorrectedAt);

// Same numbers as the proto enum.
[WireNames]
public enum RateRule
{
    Fixed = 1,
    AboveLprMinus = 2,
    MinOfFixedAndShare = 3,
}

// Whether a programme takes new claims.
[WireNames]
public enum ProgramStatus
{
    Open = 1,
    Closed = 2,
}

[WireNames]
public enum ClaimStatus
{
    Pending = 1,
    Approved = 2,
    Paid = 3,
    Rejected = 4,
}

public sealed record FundingShare(string Payer, int ShareBp);

// Empty lists mean no restriction; industry codes match by prefix.
public sealed record ProgramEligibility(IReadOnlyList<SizeClass> SizeClasses, IReadOnlyList<string> IndustryCodes, IReadOnlyList<ProductKind> ProductKinds);

public sealed record SubsidyProgram(
    string ProgramId,
    string Name,
    RateRule RateRule,
    int RateBp,
    int ShareOfContractRateBp,
    long MaxPrincipalFen,
    int MaxMonths,
    long BudgetFen,
    DateOnly ContractFrom,
    DateOnly ContractTo,
    ProgramEligibility Eligibility,
    IReadOnlyList<FundingShare> FundingShares,
    string RegionCode,
    int DayCountBasis,
    long ReservedFen,
    long PaidFen,
    long Version,
    string CreatedBy,
    DateTimeOffset CreatedAt)
{
    public long RemainingFen => BudgetFen - ReservedFen - PaidFen;

    // Every claim ever made on it, whatever became of it: its terms are fixed from the first.
    public long ClaimsMade { get; init; }

    // Set once closed: it takes no new claim.
    public ProgramClosure? Closed { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }
}

public sealed record ProgramClosure(string By, string Reason, DateTimeOffset At);

// An approved deal as matching reports it.
public sealed record Deal(
    string ApplicationId,
    string Uscc,
    string BankId,
    string RegionCode,
    string IndustryCode,
    SizeClass SizeClass,
    ProductKind ProductKind,
    bool SubsidyEligible,
    long GrantedAmountFen,
    int AnnualRateBp,
    int TermMonths,
    DateOnly ContractDate)
{
    // The credit data the size class was verified by, when it was (not when an official corrected it since).
    public string? SizeVerifiedBy { get; init; }

    // The names matching shows on the application, for the claim's readers.
    public string? EnterpriseName { get; init; }

    public string? BankName { get; init; }
}

// Days of the claimed period with one balance outstanding, as the loan ledger reports them: [From, To).
public sealed record BalanceRun(DateOnly From, DateOnly To, long PrincipalFen)
{
    public int Days => To.DayNumber - From.DayNumber;
}

// A run of the claim's calculation: the principal counted (the balance, up to the borrower's cap), its days,
// and its share of the amount before the one rounding, to the hundredth of a fen.
public sealed record ClaimSegment(DateOnly From, DateOnly To, long PrincipalFen, int Days, string ExactFen);

public sealed record Claim(
    string ClaimId,
    string ProgramId,
    string ApplicationId,
    string Uscc,
    string BankId,
    string RegionCode,
    string IndustryCode,
    DateOnly PeriodStart,
    DateOnly PeriodEnd,
    long PrincipalFen,
    int Days,
    long RateNumerator,
    long RateDenominator,
    int DayCountBasis,
    long AmountFen,
    string Calculation,
    IReadOnlyList<PayerAmount> Payers,
    ClaimStatus Status,
    string SubmittedBy,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? DecidedAt,
    DateTimeOffset? PaidAt,
    string? RejectionReason,
    long Version,
    string? ApprovedBy = null,
    string? PaidBy = null)
{
    // The runs of one balance the amount was computed on (claims made before loans were followed have none:
    // their amount was on the granted principal for every day).
    public IReadOnlyList<ClaimSegment> Segments { get; init; } = [];

    // The names a reader needs, as they were when the claim was made (null on claims made before they were kept).
    public string? ProgramName { get; init; }

    public string? EnterpriseName { get; init; }

    public string? BankName { get; init; }

    // The reservation a claim holds against its programme's budget while it is neither paid nor rejected.
    public bool HoldsReservation => Status is ClaimStatus.Pending or ClaimStatus.Approved;

    public bool Overlaps(DateOnly start, DateOnly end) => PeriodStart < end && start < PeriodEnd;
}

public sealed record ClaimQuery(string? Uscc, string? BankId, string? RegionPrefix, ClaimStatus? Status, string? ProgramId);

// What a claim is decided on, read inside the transaction that saves it: the programme with its budget
// figures, the deal's other claims (every programme), and the principal this borrower already has counted
// under the programme for each of its deals.
public sealed record ReservationView(SubsidyProgram Program, IReadOnlyList<Claim> DealClaims, IReadOnlyDictionary<string, long> BorrowerPrincipal);
