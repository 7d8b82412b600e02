namespace FinanceMarket.Matching.Model;

// What the registry said of the enterprise when the need was posted; applications and deals carry it on.
public sealed record EnterpriseSnapshot(
    string Name,
    string RegionCode,
    string IndustryCode,
    SizeClass SizeClass,
    TaxCreditRating TaxCreditRating,
    int YearsInOperation);

// Details are the reasons as data; needs stored before they existed read back without them (null).
public sealed record StoredMatch(
    string ProductId,
    string BankId,
    string ProductName,
    int Score,
    int EstimatedRateBp,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<ScorePart> Parts,
    IReadOnlyList<Reason>? Details = null);

public sealed record StoredExclusion(string ProductId, string BankId, string ProductName, IReadOnlyList<string> Reasons, IReadOnlyList<Reason>? Details = null);

// A financing need with the answer it got, kept so that an application can name it and the enterprise
// can read it again.
public sealed record Need(
    string NeedId,
    string Uscc,
    EnterpriseSnapshot Enterprise,
    long AmountFen,
    int TermMonths,
    string Purpose,
    bool CollateralAvailable,
    IReadOnlyList<StoredMatch> Matches,
    IReadOnlyList<StoredExclusion> Excluded,
    LoanPrimeRate Lpr,
    bool ShelfStale,
    DateTimeOffset? ShelfAsOf,
    DateTimeOffset CreatedAt);
