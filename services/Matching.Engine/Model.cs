using FinanceMarket.Domain;

namespace FinanceMarket.Matching.Engine;

// Who asks: what the registry knows of the enterprise, with the credit data's verified values in place of the
// declared ones where the data has them, as of the day of the need. Matching keeps it with the need and its
// applications as it was then (the name for the people who read them, the rest for the rules).
public sealed record EnterpriseProfile(
    string Name,
    string RegionCode,
    string IndustryCode,
    SizeClass SizeClass,
    TaxCreditRating TaxCreditRating,
    int YearsInOperation,
    int EnforcementRecordsInForce = 0,
    VerifiedBy? Verified = null,
    PreCreditBasis? Basis = null);

// The tax figures a pre-credit estimate is made from: last year's (or the year before's), as verified.
public sealed record PreCreditBasis(int TaxYear, long TaxPaidFen, long InvoicedRevenueFen);

// Which of the profile's values the credit data verified, and by what: the tax year that gave the rating, and
// the insured headcount (and its month) the size class was classified with. Null where the declared value stands.
public sealed record VerifiedBy(int? TaxRatingYear, int? InsuredEmployees, string? EmployeesMonth)
{
    public string? Rating => TaxRatingYear is { } year ? $"tax data {year}" : null;

    // The source, not the headcount: this text travels on applications a bank reads after a consent ends.
    public string? Size => InsuredEmployees is not null ? $"social insurance data {EmployeesMonth}" : null;
}



// What it asks for.
public sealed record FinancingRequest(long AmountFen, int TermMonths, bool CollateralAvailable);

// A listed product as the matching service keeps it (fed by ProductListed / ProductDelisted).
public sealed record ShelfProduct(
    string ProductId,
    string BankId,
    ProductKind Kind,
    long MinAmountFen,
    long MaxAmountFen,
    int MinTermMonths,
    int MaxTermMonths,
    int RateSpreadBp,
    ShelfEligibility Eligibility,
    bool SubsidyEligible,
    int DecisionSlaDays,
    string Name = "",
    PreCreditFormula? PreCredit = null);

// Empty lists mean "no restriction"; codes match by prefix.
public sealed record ShelfEligibility(
    IReadOnlyList<SizeClass> SizeClasses,
    IReadOnlyList<string> IndustryCodes,
    IReadOnlyList<string> RegionCodes,
    int MinYearsInOperation,
    TaxCreditRating? MinTaxCreditRating,
    bool CollateralRequired,
    bool ExcludeEnforcementRecords = false)
{
    public static readonly ShelfEligibility Anyone = new([], [], [], 0, null, false);
}

// The LPR in force: loans up to five years are priced on the 1-year rate, longer ones on the 5-year rate.
public sealed record LoanPrimeRate(int OneYearBp, int FiveYearBp)
{
    public int For(int termMonths) => termMonths > 60 ? FiveYearBp : OneYearBp;
}

public sealed record ScorePart(string Name, int Points);

public sealed record Match(ShelfProduct Product, int Score, int EstimatedRateBp, IReadOnlyList<ScorePart> Parts);

public sealed record Exclusion(ShelfProduct Product, IReadOnlyList<Reason> Details)
{
    // Written when the exclusion is, as the API sends both; a plain loop, as an answer may hold thousands.
    public IReadOnlyList<string> Reasons { get; } = English(Details);

    private static string[] English(IReadOnlyList<Reason> details)
    {
        var sentences = new string[details.Count];
        for (var i = 0; i < sentences.Length; i++)
        {
            sentences[i] = details[i].ToEnglish();
        }

        return sentences;
    }
}

// Where a page of matches ends: the next page holds the matches ranked after it (Scoring.BestFirst).
public sealed record RankKey(int Score, int EstimatedRateBp, string ProductId)
{
    public static RankKey Of(Match match) => new(match.Score, match.EstimatedRateBp, match.Product.ProductId);
}

// What one need asks of the shelf: a page of the best matches (after a cursor, leaving out products
// already shown) and at most so many nearest misses.
public sealed record MatchQuery(int Top = MatchQuery.DefaultTop, RankKey? After = null, int NearestMisses = MatchQuery.MaxNearestMisses)
{
    public IReadOnlySet<string>? Shown { get; init; }

    public const int DefaultTop = 20;
    public const int MaxTop = 100;
    public const int MaxNearestMisses = 20;
}

public readonly record struct ReasonCount(ReasonCode Code, int Count)
{
    // From counts indexed by code: the codes that counted anything, in code order.
    public static List<ReasonCount> From(ReadOnlySpan<int> byCode)
    {
        var counted = new List<ReasonCount>();
        for (var code = 1; code < byCode.Length; code++)
        {
            if (byCode[code] > 0)
            {
                counted.Add(new((ReasonCode)code, byCode[code]));
            }
        }

        return counted;
    }
}

// Where a page of recommendations ends, in the shelf's order (Scoring.ShelfOrder).
public sealed record ShelfKey(int Points, int RateSpreadBp, string ProductId)
{
    public static ShelfKey Of(ShelfProduct product) => new(Scoring.ProductPoints(product), product.RateSpreadBp, product.ProductId);
}

// The products an enterprise qualifies for on its rules alone: how many, and a page of them.
public sealed record Recommendations(int Count, IReadOnlyList<ShelfProduct> Products, bool More);

// The answer to one need, bounded whatever the shelf's size: how many products match, the page of the
// best (More when others rank after it), how many were left out for each rule (a product that fails two
// rules counts under both), and the products that fail exactly one rule, best first by the points that
// do not depend on the need (then the cheaper, then the id).
public sealed record MatchSummary(
    int MatchCount,
    IReadOnlyList<Match> Matches,
    bool More,
    int ExcludedCount,
    IReadOnlyList<ReasonCount> ExcludedByReason,
    IReadOnlyList<Exclusion> NearestMisses);
