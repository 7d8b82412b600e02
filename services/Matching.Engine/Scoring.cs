namespace FinanceMarket.Matching.Engine;

// The rank of an eligible product, out of 100, in parts an enterprise can read:
//   rate      0-40  the estimated rate (LPR for the term + the product's spread): 40 at LPR - 100 bp or
//                   less, one point fewer for every 10 bp above that, 0 from LPR + 300 bp;
//   amount    5-15  headroom under the product's maximum: 15 when the need is at most 80 % of it, down to 5 at 100 %;
//   term      5-15  the same for the term;
//   deadline  0-20  the bank's promised decision time: 20 for one working day, 2 fewer for each day more;
//   subsidy   0-10  10 when the product qualifies for interest subsidies.
// Ties go to the lower estimated rate, then to the product id, so the same inputs give the same order.
//
// Rate, deadline and subsidy depend on the product alone (the rate part is the spread's: LPR cancels out),
// so the index keeps products in the order of those points and stops once the need's own parts (at most
// MaxNeedPoints) can no longer lift a product into the answer.
public static class Scoring
{
    public const int MaxScore = 100;

    // The amount and term parts together, at most.
    public const int MaxNeedPoints = 30;

    public static Match Score(ShelfProduct product, FinancingRequest need, LoanPrimeRate lpr)
    {
        ScorePart[] parts =
        [
            new("rate", RatePoints(product.RateSpreadBp)),
            new("amount", Headroom(need.AmountFen, product.MaxAmountFen)),
            new("term", Headroom(need.TermMonths, product.MaxTermMonths)),
            new("deadline", DeadlinePoints(product.DecisionSlaDays)),
            new("subsidy", product.SubsidyEligible ? 10 : 0),
        ];
        return new Match(product, parts.Sum(p => p.Points), lpr.For(need.TermMonths) + product.RateSpreadBp, parts);
    }

    // The parts that do not depend on the need.
    public static int ProductPoints(ShelfProduct product) =>
        RatePoints(product.RateSpreadBp) + DeadlinePoints(product.DecisionSlaDays) + (product.SubsidyEligible ? 10 : 0);

    // The parts that do (for a product whose ranges admit the need).
    public static int NeedPoints(ShelfProduct product, FinancingRequest need) =>
        Headroom(need.AmountFen, product.MaxAmountFen) + Headroom(need.TermMonths, product.MaxTermMonths);

    public static readonly Comparison<Match> BestFirst = (a, b) =>
        Compare(a.Score, a.EstimatedRateBp, a.Product.ProductId, b.Score, b.EstimatedRateBp, b.Product.ProductId);

    // The index's order, and the nearest misses': the product's own points, best first, then the cheaper,
    // then the id (for one need every product is priced on the same LPR, so the cheaper is the lower spread).
    public static readonly Comparison<ShelfProduct> ShelfOrder = (a, b) =>
        Compare(ProductPoints(a), a.RateSpreadBp, a.ProductId, ProductPoints(b), b.RateSpreadBp, b.ProductId);

    // Below zero when the first ranks before the second.
    public static int Compare(int scoreA, int rateA, string idA, int scoreB, int rateB, string idB) =>
        scoreA != scoreB ? scoreB.CompareTo(scoreA)
        : rateA != rateB ? rateA.CompareTo(rateB)
        : string.CompareOrdinal(idA, idB);

    // (LPR + spread) - (LPR - 100) = spread + 100, in tenths of a point.
    private static int RatePoints(int spreadBp) => Math.Clamp(40 - ((spreadBp + 100) / 10), 0, 40);

    private static int DeadlinePoints(int slaDays) => Math.Max(0, 20 - (2 * (slaDays - 1)));

    // 5 + 10 × min(1, headroom / 20 % of the maximum), in integers.
    private static int Headroom(long requested, long maximum) =>
        maximum <= 0 ? 5 : 5 + (int)Math.Min(10, 50 * (maximum - requested) / maximum);
}
