namespace FinanceMarket.Matching.Model;

// Same numbers as the proto enum.
[WireNames]
public enum ApplicationStatus
{
    Submitted = 1,
    Approved = 2,
    Rejected = 3,
    Expired = 4,
    Withdrawn = 5,
}

// The product as the catalog described it when the enterprise applied: an approval is checked against it.
public sealed record OfferedProduct(
    string ProductId,
    string BankId,
    string Name,
    ProductKind Kind,
    long MinAmountFen,
    long MaxAmountFen,
    int MinTermMonths,
    int MaxTermMonths,
    int RateSpreadBp,
    bool SubsidyEligible,
    int DecisionSlaDays)
{
    // The product's terms as they stood when the application was made, from the one shelf shape.
    public static OfferedProduct From(ShelfProduct p) => new(
        p.ProductId, p.BankId, p.Name, p.Kind, p.MinAmountFen, p.MaxAmountFen, p.MinTermMonths, p.MaxTermMonths, p.RateSpreadBp, p.SubsidyEligible,
        p.DecisionSlaDays);
}

public sealed record Deal(long GrantedAmountFen, int AnnualRateBp, int TermMonths, DateOnly ContractDate);

public sealed record Application(
    string ApplicationId,
    string NeedId,
    string Uscc,
    EnterpriseProfile Enterprise,
    OfferedProduct Product,
    long RequestedAmountFen,
    int RequestedTermMonths,
    ApplicationStatus Status,
    DateTimeOffset SubmittedAt,
    DateOnly DecideBy,
    DateTimeOffset? DecidedAt,
    string? DecidedBy,
    string? RejectionReason,
    Deal? Deal,
    long Version)
{
    public string BankId => Product.BankId;

    public string RegionCode => Enterprise.RegionCode;

    // Absent from applications stored before the market loop: they were all APPLIED, with no promise dates.
    public ApplicationOrigin Origin { get; init; } = ApplicationOrigin.Applied;

    // The broadcast round a taken application came from (1 for the first broadcast, then one per referral).
    public int? Round { get; init; }

    // The region's service promise: first contact by, and the decision promised by (the application still
    // expires only after DecideBy, the product's own decision deadline).
    public DateOnly? ContactBy { get; init; }

    public DateOnly? PromisedDecisionBy { get; init; }

    public Contact? Contact { get; init; }

    public RejectionCode? RejectionCode { get; init; }

    public string? WithdrawnReason { get; init; }

    // When the enterprise, declined, let its need be passed on to the other fitting banks.
    public DateTimeOffset? ReferredAt { get; init; }

    // Taken in a round that a referral started: the bank received a referred need.
    public bool ViaReferral { get; init; }

    // What the need said the money is for, and whether it offers collateral: the bank reads them with the
    // application. Null on applications made before they were kept.
    public string? Purpose { get; init; }

    public bool? CollateralAvailable { get; init; }

    // Working minutes (WorkingCalendar.WorkingMinutesBetween) from the broadcast to the take, and from the
    // application (or take) to the decision: what the scorecards' medians are made of.
    public long? WorkingMinutesToTake { get; init; }

    public long? WorkingMinutesToDecide { get; init; }
}

public sealed record ApplicationQuery(string? BankId, string? Uscc, string? RegionPrefix, ApplicationStatus? Status);
