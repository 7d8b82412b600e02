namespace FinanceMarket.Matching.Model;

// What the registry said of the enterprise when the need was posted; applications and deals carry it on.
public sealed record EnterpriseSnapshot(
    string Name,
    string RegionCode,
    string IndustryCode,
    SizeClass SizeClass,
    TaxCreditRating TaxCreditRating,
    int YearsInOperation);

public sealed record StoredMatch(
    string ProductId,
    string BankId,
    string ProductName,
    int Score,
    int EstimatedRateBp,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<ScorePart> Parts);

public sealed record StoredExclusion(string ProductId, string BankId, string ProductName, IReadOnlyList<string> Reasons);

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
