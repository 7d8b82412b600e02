using FinanceMarket.Matching.Engine;

namespace FinanceMarket.UnitTests.Matching;

public sealed class MatchEngineTests
{
    private static readonly LoanPrimeRate Lpr = new(300, 350);

    private static readonly EnterpriseProfile Valves = new("91130903MA0A123458", SizeClass.SMALL, "C34", "130903", 4, TaxCreditRating.C);

    private static ShelfProduct Product(string id, ShelfEligibility? rules = null, long max = 500_000_000, int spread = 45, int sla = 3, bool subsidy = false) =>
        new(id, "ccb-cangzhou", ProductKind.CREDIT, 10_000_000, max, 6, 36, spread, rules ?? ShelfEligibility.Anyone, subsidy, sla);

    [Fact]
    public void Each_exclusion_says_what_the_product_requires_and_what_the_enterprise_has()
    {
        var strict = Product("p1", new ShelfEligibility([SizeClass.MICRO], ["F52", "I65"], ["1311"], 5, TaxCreditRating.B, CollateralRequired: true));
        var need = new FinancingRequest(800_000_000, 48, CollateralAvailable: false);

        var reasons = EligibilityRules.Reasons(strict, Valves, need);

        Assert.Equal(
        [
            "for MICRO enterprises; yours is SMALL",
            "for industries F52, I65; yours is C34",
            "for regions 1311; yours is 130903",
            "requires 5 years in operation; yours is 4 years",
            "requires tax rating B or better; yours is C",
            "requires collateral; your need offers none",
            "amount 8,000,000 yuan exceeds this product's maximum 5,000,000 yuan",
            "term 48 months exceeds this product's maximum 36 months",
        ], reasons);
    }

    [Fact]
    public void Amounts_below_the_minimum_and_odd_fen_are_written_exactly()
    {
        var reasons = EligibilityRules.Reasons(Product("p1"), Valves with { TaxCreditRating = TaxCreditRating.A }, new FinancingRequest(123_456, 3, true));

        Assert.Equal(
            ["amount 1,234.56 yuan is below this product's minimum 100,000 yuan", "term 3 months is below this product's minimum 6 months"],
            reasons);
    }

    [Fact]
    public void The_score_is_the_sum_of_its_documented_parts()
    {
        // LPR 300 bp (1 year, term ≤ 60 months) + spread 45 = 345 bp. rate: 40 − (345 − 200) / 10 = 40 − 14 = 26.
        // amount: 3,000,000 of 5,000,000 yuan: 5 + min(10, 50 × 2,000,000 / 5,000,000 = 20) = 15.
        // term: 30 of 36 months: 5 + min(10, 50 × 6 / 36 = 8) = 13. deadline: 20 − 2 × (3 − 1) = 16. subsidy: 10.
        var match = Scoring.Score(Product("p1", subsidy: true), new FinancingRequest(300_000_000, 30, false), Lpr);

        Assert.Equal(345, match.EstimatedRateBp);
        Assert.Equal([("rate", 26), ("amount", 15), ("term", 13), ("deadline", 16), ("subsidy", 10)], match.Parts.Select(p => (p.Name, p.Points)));
        Assert.Equal(80, match.Score);
    }

    [Fact]
    public void Terms_over_five_years_are_priced_on_the_five_year_rate() =>
        Assert.Equal(350 + 45, Scoring.Score(Product("p1") with { MaxTermMonths = 120 }, new FinancingRequest(100_000_000, 84, false), Lpr).EstimatedRateBp);

    [Fact]
    public void Equal_scores_go_to_the_cheaper_product_then_to_the_product_id()
    {
        var shelf = new[] { Product("p3"), Product("p1"), Product("p2", spread: 44), Product("p0", spread: 46) };
        var need = new FinancingRequest(100_000_000, 12, false);
        var enterprise = Valves with { TaxCreditRating = TaxCreditRating.A };

        var naive = NaiveMatcher.Match(shelf, enterprise, need, Lpr).Matches.Select(m => m.Product.ProductId);
        var indexed = ShelfIndex.Build(shelf).Match(enterprise, need, Lpr).Matches.Select(m => m.Product.ProductId);

        // Spreads 44, 45, 45, 46 bp all score 26 rate points; the cheaper wins, then the id.
        Assert.Equal(["p2", "p1", "p3", "p0"], naive);
        Assert.Equal(naive, indexed);
    }

    [Fact]
    public void The_index_answers_exactly_as_the_scan_on_a_varied_shelf()
    {
        var shelf = ShelfGenerator.Products(3000, seed: 7);
        var index = ShelfIndex.Build(shelf);
        foreach (var (enterprise, need) in ShelfGenerator.Askers(300, seed: 11))
        {
            var expected = NaiveMatcher.Match(index.Products, enterprise, need, Lpr);
            var actual = index.Match(enterprise, need, Lpr);

            Assert.Equal(expected.Matches.Select(m => (m.Product.ProductId, m.Score)), actual.Matches.Select(m => (m.Product.ProductId, m.Score)));
            Assert.Equal(
                expected.Excluded.Select(e => (e.Product.ProductId, string.Join("|", e.Reasons))),
                actual.Excluded.Select(e => (e.Product.ProductId, string.Join("|", e.Reasons))));
        }
    }

    [Fact]
    public void Proactive_counts_agree_with_the_rules()
    {
        var shelf = ShelfGenerator.Products(2000, seed: 3);
        var index = ShelfIndex.Build(shelf);
        foreach (var (enterprise, need) in ShelfGenerator.Askers(200, seed: 5))
        {
            // The rules alone: a need inside every product's ranges leaves only eligibility to decide.
            var expected = shelf.Count(p => EligibilityRules.Reasons(p, enterprise, need with { AmountFen = p.MinAmountFen, TermMonths = p.MinTermMonths }).Count == 0);

            Assert.Equal(expected, index.CountEligible(enterprise, need.CollateralAvailable));
            Assert.Equal(expected, NaiveMatcher.CountEligible(shelf, enterprise, need.CollateralAvailable));
        }
    }

    [Fact]
    public void An_empty_shelf_matches_nothing()
    {
        var result = ShelfIndex.Build([]).Match(Valves, new FinancingRequest(100_000_000, 12, true), Lpr);

        Assert.Empty(result.Matches);
        Assert.Empty(result.Excluded);
    }
}
