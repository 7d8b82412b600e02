namespace FinanceMarket.Matching.Engine;

// Every rule of every product, in turn, every match scored and sorted: the baseline the index is measured
// against, and the reference its answers are tested against.
public static class NaiveMatcher
{
    public static MatchSummary Match(IEnumerable<ShelfProduct> shelf, EnterpriseProfile enterprise, FinancingRequest need, LoanPrimeRate lpr, MatchQuery query)
    {
        var matches = new List<Match>();
        var misses = new List<ShelfProduct>();
        var counts = new int[EligibilityRules.MaxRule + 1];
        var excluded = 0;
        foreach (var product in shelf)
        {
            var mask = EligibilityRules.FailMask(product, enterprise, need);
            if (mask == 0)
            {
                matches.Add(Scoring.Score(product, need, lpr));
                continue;
            }

            excluded++;
            foreach (var code in EligibilityRules.Failing(product, enterprise, need))
            {
                counts[(int)code]++;
            }

            if (System.Numerics.BitOperations.PopCount((uint)mask) == 1)
            {
                misses.Add(product);
            }
        }

        matches.Sort(Scoring.BestFirst);
        var after = matches.Where(m => query.Shown?.Contains(m.Product.ProductId) != true
            && (query.After is not { } cursor || Scoring.Compare(m.Score, m.EstimatedRateBp, m.Product.ProductId, cursor.Score, cursor.EstimatedRateBp, cursor.ProductId) > 0)).ToList();
        misses.Sort(Scoring.ShelfOrder);
        return new MatchSummary(
            matches.Count,
            after.Take(query.Top).ToList(),
            after.Count > query.Top,
            excluded,
            ReasonCount.From(counts),
            misses.Take(query.NearestMisses).Select(p => new Exclusion(p, EligibilityRules.Details(p, enterprise, need))).ToList());
    }

    // Recommendations by scan: every product tested, the eligible sorted whole.
    public static Recommendations Recommend(IEnumerable<ShelfProduct> shelf, EnterpriseProfile enterprise, int top, ShelfKey? after)
    {
        var eligible = shelf.Where(p => EligibilityRules.QualifiesOnRules(p, enterprise, collateralAvailable: true)).ToList();
        eligible.Sort(Scoring.ShelfOrder);
        var rest = eligible.Where(p => after is null
            || Scoring.Compare(Scoring.ProductPoints(p), p.RateSpreadBp, p.ProductId, after.Points, after.RateSpreadBp, after.ProductId) > 0).ToList();
        return new Recommendations(eligible.Count, rest.Take(top).ToList(), rest.Count > top);
    }

    // Proactive matching by scan: the products an enterprise qualifies for on its rules alone.
    public static int CountEligible(IReadOnlyList<ShelfProduct> shelf, EnterpriseProfile enterprise, bool collateralAvailable)
    {
        var count = 0;
        foreach (var product in shelf)
        {
            if (EligibilityRules.QualifiesOnRules(product, enterprise, collateralAvailable))
            {
                count++;
            }
        }

        return count;
    }
}
