using FinanceMarket.Domain;

namespace FinanceMarket.Matching.Engine;

// Who asks: what the registry knows of the enterprise, as of the day of the need.
public sealed record EnterpriseProfile(
    string Uscc,
    SizeClass SizeClass,
    string IndustryCode,
    string RegionCode,
    int YearsInOperation,
    TaxCreditRating TaxCreditRating);

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
    string Name = "");

// Empty lists mean "no restriction"; codes match by prefix.
public sealed record ShelfEligibility(
    IReadOnlyList<SizeClass> SizeClasses,
    IReadOnlyList<string> IndustryCodes,
    IReadOnlyList<string> RegionCodes,
    int MinYearsInOperation,
    TaxCreditRating? MinTaxCreditRating,
    bool CollateralRequired)
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

// Eligible products best first; every other product with the reasons it was left out.
public sealed record MatchResult(IReadOnlyList<Match> Matches, IReadOnlyList<Exclusion> Excluded);
