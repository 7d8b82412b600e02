namespace FinanceMarket.Matching.Engine;

// Every rule of every product, in turn: the baseline the index is measured against, and the reference
// its answers are tested against.
public static class NaiveMatcher
{
    public static MatchResult Match(IReadOnlyList<ShelfProduct> shelf, EnterpriseProfile enterprise, FinancingRequest need, LoanPrimeRate lpr, bool explainExclusions = true)
    {
        var matches = new List<Match>();
        var excluded = new List<Exclusion>();
        foreach (var product in shelf)
        {
            if (EligibilityRules.IsEligible(product, enterprise, need))
            {
                matches.Add(Scoring.Score(product, need, lpr));
            }
            else if (explainExclusions)
            {
                excluded.Add(new Exclusion(product, EligibilityRules.Details(product, enterprise, need)));
            }
        }

        matches.Sort(Scoring.BestFirst);
        return new MatchResult(matches, excluded);
    }

    // Proactive matching by scan: the products an enterprise qualifies for on its rules alone.
    public static int CountEligible(IReadOnlyList<ShelfProduct> shelf, EnterpriseProfile enterprise, bool collateralAvailable)
    {
        var count = 0;
        foreach (var product in shelf)
        {
            if (EligibilityRules.IsEligible(product, enterprise, new FinancingRequest(product.MinAmountFen, product.MinTermMonths, collateralAvailable)))
            {
                count++;
            }
        }

        return count;
    }
}
