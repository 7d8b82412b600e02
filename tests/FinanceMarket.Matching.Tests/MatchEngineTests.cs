using FinanceMarket.Matching.Engine;

namespace FinanceMarket.UnitTests.Matching;

public sealed class MatchEngineTests
{
    private static readonly LoanPrimeRate Lpr = new(300, 350);

    private static readonly EnterpriseProfile Valves = new(Name: "91130903MA0A123458", SizeClass: SizeClass.Small, IndustryCode: "C34", RegionCode: "130903", YearsInOperation: 4, TaxCreditRating: TaxCreditRating.C);

    private static ShelfProduct Product(string id, ShelfEligibility? rules = null, long max = 500_000_000, int spread = 45, int sla = 3, bool subsidy = false) =>
        new(id, "ccb-cangzhou", ProductKind.Credit, 10_000_000, max, 6, 36, spread, rules ?? ShelfEligibility.Anyone, subsidy, sla);

    [Fact]
    public void Each_exclusion_says_what_the_product_requires_and_what_the_enterprise_has()
    {
        var strict = Product("p1", new ShelfEligibility([SizeClass.Micro], ["F52", "I65"], ["1311"], 5, TaxCreditRating.B, CollateralRequired: true));
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

        var naive = NaiveMatcher.Match(shelf, enterprise, need, Lpr, new MatchQuery()).Matches.Select(m => m.Product.ProductId);
        var indexed = ShelfIndex.Build(shelf).Match(enterprise, need, Lpr, new MatchQuery()).Matches.Select(m => m.Product.ProductId);

        // Spreads 44, 45, 45, 46 bp all score 26 rate points; the cheaper wins, then the id.
        Assert.Equal(["p2", "p1", "p3", "p0"], naive);
        Assert.Equal(naive, indexed);
    }

    // The property the index is built on: for any shelf, asker, page and cursor, the index answers as the
    // scan that scores and sorts every product. Shelves with many ties (few spreads, deadlines and amounts)
    // and with many distinct values (amounts between the index's levels) alike, built at once or reached
    // through listings and delistings applied to an older build.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_top_k_equals_the_scans_first_k_for_seeded_shelves(bool coarse)
    {
        for (var seed = 1; seed <= 30; seed++)
        {
            var random = new Random(seed);
            var shelf = ShelfGenerator.Products(random.Next(0, 2500), seed, coarse);
            var built = ShelfIndex.Build(shelf);
            var changed = Changed(shelf, random);
            foreach (var (enterprise, need) in ShelfGenerator.Askers(12, seed * 31))
            {
                var top = new[] { 1, 5, 20, 100 }[random.Next(4)];
                var first = NaiveMatcher.Match(shelf, enterprise, need, Lpr, new MatchQuery(top));
                var all = NaiveMatcher.Match(shelf, enterprise, need, Lpr, new MatchQuery(int.MaxValue - 1)).Matches;
                var queries = new List<MatchQuery> { new(top) };
                if (all.Count > 0)
                {
                    queries.Add(new MatchQuery(top, RankKey.Of(all[random.Next(all.Count)])));
                    queries.Add(new MatchQuery(top) { Shown = all.Where(_ => random.Next(3) == 0).Select(m => m.Product.ProductId).ToHashSet() });
                }

                foreach (var query in queries)
                {
                    var expected = query.After is null && query.Shown is null ? first : NaiveMatcher.Match(shelf, enterprise, need, Lpr, query);
                    AssertSame(expected, built.Match(enterprise, need, Lpr, query), $"seed {seed}, built");
                    AssertSame(expected, changed.Match(enterprise, need, Lpr, query), $"seed {seed}, changed");
                }
            }
        }
    }

    [Fact]
    public void A_delta_applied_to_an_older_build_holds_the_same_products()
    {
        var shelf = ShelfGenerator.Products(700, seed: 5);
        var changed = Changed(shelf, new Random(5));

        Assert.Equal(shelf.Select(p => p.ProductId).Order(), changed.Products.Select(p => p.ProductId).Order());
        Assert.Equal(shelf.Count, changed.Count);
        Assert.True(changed.Pending > 0);
        Assert.Equal(shelf[3], changed.Find(shelf[3].ProductId));
        Assert.Null(changed.Without(shelf[3].ProductId).Find(shelf[3].ProductId));
        Assert.Equal(shelf.Count, changed.Without("no-such-product").Count);
    }

    [Fact]
    public void A_page_after_the_last_match_is_empty_and_says_there_is_no_more()
    {
        var shelf = ShelfGenerator.Products(500, seed: 9);
        var index = ShelfIndex.Build(shelf);
        var (enterprise, need) = ShelfGenerator.Askers(40, seed: 2).First(a => index.Match(a.Enterprise, a.Need, Lpr, new MatchQuery()).MatchCount > 3);
        var pages = new List<string>();
        RankKey? after = null;
        MatchSummary page;
        do
        {
            page = index.Match(enterprise, need, Lpr, new MatchQuery(2, after));
            pages.AddRange(page.Matches.Select(m => m.Product.ProductId));
            after = page.Matches.Count > 0 ? RankKey.Of(page.Matches[^1]) : after;
        }
        while (page.More);

        var all = NaiveMatcher.Match(shelf, enterprise, need, Lpr, new MatchQuery(1000)).Matches.Select(m => m.Product.ProductId);
        Assert.Equal(all, pages);
        Assert.Empty(index.Match(enterprise, need, Lpr, new MatchQuery(2, after)).Matches);
    }

    [Fact]
    public void Proactive_counts_agree_with_the_rules()
    {
        var shelf = ShelfGenerator.Products(2000, seed: 3);
        var index = ShelfIndex.Build(shelf);
        var changed = Changed(shelf, new Random(3));
        foreach (var (enterprise, need) in ShelfGenerator.Askers(200, seed: 5))
        {
            // The rules alone: a need inside every product's ranges leaves only eligibility to decide.
            var expected = shelf.Count(p => EligibilityRules.Reasons(p, enterprise, need with { AmountFen = p.MinAmountFen, TermMonths = p.MinTermMonths }).Count == 0);

            Assert.Equal(expected, index.CountEligible(enterprise, need.CollateralAvailable));
            Assert.Equal(expected, changed.CountEligible(enterprise, need.CollateralAvailable));
            Assert.Equal(expected, NaiveMatcher.CountEligible(shelf, enterprise, need.CollateralAvailable));
        }
    }

    [Fact]
    public void Recommendations_page_through_the_eligible_products_in_the_shelf_s_order_as_the_scan_does()
    {
        for (var seed = 1; seed <= 20; seed++)
        {
            var random = new Random(seed);
            var shelf = ShelfGenerator.Products(random.Next(0, 2000), seed, coarse: seed % 2 == 0);
            var indexes = new[] { ShelfIndex.Build(shelf), Changed(shelf, random) };
            foreach (var (enterprise, _) in ShelfGenerator.Askers(8, seed * 17))
            {
                var top = new[] { 1, 7, 20, 100 }[random.Next(4)];
                foreach (var index in indexes)
                {
                    ShelfKey? after = null;
                    var read = new List<string>();
                    Recommendations page;
                    do
                    {
                        var expected = NaiveMatcher.Recommend(shelf, enterprise, top, after);
                        page = index.Recommend(enterprise, top, after);
                        Assert.Equal(expected.Count, page.Count);
                        Assert.Equal(expected.Products.Select(p => p.ProductId), page.Products.Select(p => p.ProductId));
                        Assert.Equal(expected.More, page.More);
                        read.AddRange(page.Products.Select(p => p.ProductId));
                        after = page.Products.Count > 0 ? ShelfKey.Of(page.Products[^1]) : after;
                    }
                    while (page.More && read.Count < 300);

                    Assert.Equal(read.Count, read.Distinct().Count());
                }
            }
        }
    }

    [Fact]
    public void Pre_credit_recommendations_are_the_eligible_products_that_declare_a_formula()
    {
        for (var seed = 1; seed <= 10; seed++)
        {
            var random = new Random(seed);
            var shelf = ShelfGenerator.Products(random.Next(0, 2000), seed);
            var changed = Changed(shelf, random);
            foreach (var (enterprise, _) in ShelfGenerator.Askers(8, seed * 31))
            {
                var expected = shelf.Where(p => p.PreCredit is not null && EligibilityRules.QualifiesOnRules(p, enterprise, collateralAvailable: true))
                    .Order(Comparer<ShelfProduct>.Create(Scoring.ShelfOrder)).Select(p => p.ProductId).ToList();
                foreach (var index in new[] { ShelfIndex.Build(shelf), changed })
                {
                    var page = index.Recommend(enterprise, 2000, null, withPreCredit: true);
                    Assert.Equal(expected.Count, page.Count);
                    Assert.Equal(expected, page.Products.Select(p => p.ProductId));
                }
            }
        }
    }

    [Fact]
    public void An_empty_shelf_matches_nothing()
    {
        var result = ShelfIndex.Build([]).Match(Valves, new FinancingRequest(100_000_000, 12, true), Lpr, new MatchQuery());

        Assert.Equal(0, result.MatchCount);
        Assert.Empty(result.Matches);
        Assert.False(result.More);
        Assert.Empty(result.ExcludedByReason);
        Assert.Empty(result.NearestMisses);
    }

    // The same shelf reached another way: an older build of part of it (with stale terms for some), then
    // the rest listed, the stale ones listed again with their terms, and products that were never on it
    // listed and delisted.
    private static ShelfIndex Changed(List<ShelfProduct> shelf, Random random)
    {
        var older = shelf.Where(_ => random.Next(3) > 0).Select(p => random.Next(4) == 0 ? p with { RateSpreadBp = p.RateSpreadBp + 37, MaxTermMonths = 240 } : p).ToList();
        var index = ShelfIndex.Build(older.Concat(ShelfGenerator.Products(random.Next(0, 30), seed: 1000 + random.Next(), prefix: "gone")));
        foreach (var gone in index.Products.Where(p => p.ProductId.StartsWith("gone", StringComparison.Ordinal)).ToList())
        {
            index = index.Without(gone.ProductId);
        }

        foreach (var product in shelf.Where(p => !older.Contains(p)))
        {
            index = index.With(product);
        }

        return index;
    }

    private static void AssertSame(MatchSummary expected, MatchSummary actual, string what)
    {
        Assert.True(expected.MatchCount == actual.MatchCount, $"{what}: {expected.MatchCount} matches, the index {actual.MatchCount}");
        Assert.Equal(expected.Matches.Select(m => (m.Product.ProductId, m.Score, m.EstimatedRateBp)), actual.Matches.Select(m => (m.Product.ProductId, m.Score, m.EstimatedRateBp)));
        Assert.Equal(expected.Matches.Select(m => m.Product), actual.Matches.Select(m => m.Product));
        Assert.Equal(expected.More, actual.More);
        Assert.Equal(expected.ExcludedCount, actual.ExcludedCount);
        Assert.Equal(expected.ExcludedByReason, actual.ExcludedByReason);
        Assert.Equal(
            expected.NearestMisses.Select(e => (e.Product.ProductId, string.Join("|", e.Reasons))),
            actual.NearestMisses.Select(e => (e.Product.ProductId, string.Join("|", e.Reasons))));
    }
}
