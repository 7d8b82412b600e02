using FinanceMarket.Domain;

namespace FinanceMarket.Matching.Engine;

// The shelf indexed by eligibility dimension: for each size class, tax rating, year count, collateral
// answer, industry and region prefix, a bitset of the products that admit it. A need ANDs a handful of
// bitsets (a few thousand machine words for 100,000 products) and checks amount and term only for the
// products left. Immutable: a listing or delisting builds a new index (Build), readers keep the old one.
public sealed class ShelfIndex
{
    private readonly ShelfProduct[] _products;
    private readonly int _words;
    private readonly Dictionary<SizeClass, ulong[]> _bySize = [];
    private readonly Dictionary<TaxCreditRating, ulong[]> _byRating = [];
    private readonly ulong[][] _byYears;
    private readonly ulong[] _withoutCollateral;
    private readonly ulong[] _anyIndustry;
    private readonly ulong[] _anyRegion;
    private readonly Dictionary<string, ulong[]> _byIndustry = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ulong[]> _byRegion = new(StringComparer.Ordinal);

    private ShelfIndex(ShelfProduct[] products)
    {
        _products = products;
        _words = (products.Length + 63) / 64;
        foreach (var size in Enum.GetValues<SizeClass>())
        {
            _bySize[size] = Where(p => p.Eligibility.SizeClasses.Count == 0 || p.Eligibility.SizeClasses.Contains(size));
        }

        foreach (var rating in Enum.GetValues<TaxCreditRating>())
        {
            _byRating[rating] = Where(p => p.Eligibility.MinTaxCreditRating is not { } min || rating.MeetsMinimum(min));
        }

        var maxYears = products.Length == 0 ? 0 : products.Max(p => p.Eligibility.MinYearsInOperation);
        _byYears = new ulong[maxYears + 1][];
        for (var years = 0; years <= maxYears; years++)
        {
            _byYears[years] = Where(p => p.Eligibility.MinYearsInOperation <= years);
        }

        _withoutCollateral = Where(p => !p.Eligibility.CollateralRequired);
        _anyIndustry = Where(p => p.Eligibility.IndustryCodes.Count == 0);
        _anyRegion = Where(p => p.Eligibility.RegionCodes.Count == 0);
        for (var i = 0; i < products.Length; i++)
        {
            foreach (var code in products[i].Eligibility.IndustryCodes)
            {
                Set(_byIndustry, code, i);
            }

            foreach (var code in products[i].Eligibility.RegionCodes)
            {
                Set(_byRegion, code, i);
            }
        }
    }

    public int Count => _products.Length;

    public IReadOnlyList<ShelfProduct> Products => _products;

    // Ordered by product id, so results never depend on the order events arrived in.
    public static ShelfIndex Build(IEnumerable<ShelfProduct> products) =>
        new(products.OrderBy(p => p.ProductId, StringComparer.Ordinal).ToArray());

    public MatchResult Match(EnterpriseProfile enterprise, FinancingRequest need, LoanPrimeRate lpr, bool explainExclusions = true)
    {
        var candidates = Candidates(enterprise, need.CollateralAvailable);
        var matches = new List<Match>();
        var excluded = explainExclusions ? new List<Exclusion>() : null;
        for (var word = 0; word < _words; word++)
        {
            var bits = candidates[word];
            var first = word * 64;
            var last = Math.Min(first + 64, _products.Length);
            for (var i = first; i < last; i++)
            {
                var product = _products[i];
                if ((bits & (1UL << (i - first))) != 0 && FitsRanges(product, need))
                {
                    matches.Add(Scoring.Score(product, need, lpr));
                }
                else
                {
                    excluded?.Add(new Exclusion(product, EligibilityRules.Details(product, enterprise, need)));
                }
            }
        }

        matches.Sort(Scoring.BestFirst);
        return new MatchResult(matches, excluded ?? []);
    }

    // Proactive matching: how many products an enterprise qualifies for on its rules alone (no need yet).
    public int CountEligible(EnterpriseProfile enterprise, bool collateralAvailable)
    {
        var candidates = Candidates(enterprise, collateralAvailable);
        var count = 0;
        foreach (var word in candidates)
        {
            count += System.Numerics.BitOperations.PopCount(word);
        }

        return count;
    }

    private ulong[] Candidates(EnterpriseProfile enterprise, bool collateralAvailable)
    {
        var result = (ulong[])_bySize[enterprise.SizeClass].Clone();
        And(result, _byRating[enterprise.TaxCreditRating]);
        And(result, _byYears[Math.Clamp(enterprise.YearsInOperation, 0, _byYears.Length - 1)]);
        if (!collateralAvailable)
        {
            And(result, _withoutCollateral);
        }

        And(result, Prefixed(_byIndustry, _anyIndustry, enterprise.IndustryCode));
        And(result, Prefixed(_byRegion, _anyRegion, enterprise.RegionCode));
        return result;
    }

    // Products with no restriction, or with a listed code that is a prefix of the enterprise's code.
    private ulong[] Prefixed(Dictionary<string, ulong[]> byCode, ulong[] unrestricted, string code)
    {
        var result = (ulong[])unrestricted.Clone();
        for (var length = 1; length <= code.Length; length++)
        {
            if (byCode.TryGetValue(code[..length], out var bits))
            {
                for (var w = 0; w < _words; w++)
                {
                    result[w] |= bits[w];
                }
            }
        }

        return result;
    }

    private static bool FitsRanges(ShelfProduct p, FinancingRequest need) =>
        need.AmountFen >= p.MinAmountFen && need.AmountFen <= p.MaxAmountFen
        && need.TermMonths >= p.MinTermMonths && need.TermMonths <= p.MaxTermMonths;

    private ulong[] Where(Func<ShelfProduct, bool> admits)
    {
        var bits = new ulong[_words];
        for (var i = 0; i < _products.Length; i++)
        {
            if (admits(_products[i]))
            {
                bits[i / 64] |= 1UL << (i % 64);
            }
        }

        return bits;
    }

    private void Set(Dictionary<string, ulong[]> byCode, string code, int index)
    {
        if (!byCode.TryGetValue(code, out var bits))
        {
            byCode[code] = bits = new ulong[_words];
        }

        bits[index / 64] |= 1UL << (index % 64);
    }

    private void And(ulong[] target, ulong[] other)
    {
        for (var w = 0; w < _words; w++)
        {
            target[w] &= other[w];
        }
    }
}
