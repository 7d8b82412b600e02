namespace FinanceMarket.Matching.Engine;

// The rank of an eligible product, out of 100, in parts an enterprise can read:
//   rate      0-40  the estimated rate (LPR for the term + the product's spread): 40 at LPR - 100 bp or
//                   less, one point fewer for every 10 bp above that, 0 from LPR + 300 bp;
//   amount    5-15  headroom under the product's maximum: 15 when the need is at most 80 % of it, down to 5 at 100 %;
//   term      5-15  the same for the term;
//   deadline  0-20  the bank's promised decision time: 20 for one working day, 2 fewer for each day more;
//   subsidy   0-10  10 when the product qualifies for interest subsidies.
// Ties go to the lower estimated rate, then to the product id, so the same inputs give the same order.
public static class Scoring
{
    public const int MaxScore = 100;

    public static Match Score(ShelfProduct product, FinancingRequest need, LoanPrimeRate lpr)
    {
        var rate = lpr.For(need.TermMonths) + product.RateSpreadBp;
        ScorePart[] parts =
        [
            new("rate", RatePoints(rate, lpr.For(need.TermMonths))),
            new("amount", Headroom(need.AmountFen, product.MaxAmountFen)),
            new("term", Headroom(need.TermMonths, product.MaxTermMonths)),
            new("deadline", Math.Max(0, 20 - (2 * (product.DecisionSlaDays - 1)))),
            new("subsidy", product.SubsidyEligible ? 10 : 0),
        ];
        return new Match(product, parts.Sum(p => p.Points), rate, parts);
    }

    public static readonly Comparison<Match> BestFirst = (a, b) =>
        a.Score != b.Score ? b.Score.CompareTo(a.Score)
        : a.EstimatedRateBp != b.EstimatedRateBp ? a.EstimatedRateBp.CompareTo(b.EstimatedRateBp)
        : string.CompareOrdinal(a.Product.ProductId, b.Product.ProductId);

    private static int RatePoints(int rateBp, int lprBp) => Math.Clamp(40 - ((rateBp - (lprBp - 100)) / 10), 0, 40);

    // 5 + 10 × min(1, headroom / 20 % of the maximum), in integers.
    private static int Headroom(long requested, long maximum) =>
        maximum <= 0 ? 5 : 5 + (int)Math.Min(10, 50 * (maximum - requested) / maximum);
}
