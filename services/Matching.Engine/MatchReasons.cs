namespace FinanceMarket.Matching.Engine;

// Why a product was matched, as data of the same shape as the reasons for an exclusion.
public static class MatchReasons
{
    public static IReadOnlyList<Reason> Details(Match match, FinancingRequest need, LoanPrimeRate lpr)
    {
        var product = match.Product;
        var reasons = new List<Reason>(5)
        {
            new(ReasonCode.EstimatedRate) { Rate = new(match.EstimatedRateBp, lpr.For(need.TermMonths), product.RateSpreadBp) },
            new(ReasonCode.AmountWithin) { Amount = new(need.AmountFen, product.MinAmountFen, product.MaxAmountFen) },
            new(ReasonCode.TermWithin) { Term = new(need.TermMonths, product.MinTermMonths, product.MaxTermMonths) },
            new(ReasonCode.DecisionWithin) { DecisionSlaDays = product.DecisionSlaDays },
        };
        if (product.SubsidyEligible)
        {
            reasons.Add(new(ReasonCode.SubsidyEligible));
        }

        return reasons;
    }

    public static IReadOnlyList<string> For(Match match, FinancingRequest need, LoanPrimeRate lpr) =>
        [.. Details(match, need, lpr).Select(r => r.ToEnglish())];

    // 345 bp → "3.45 %".
    public static string Percent(int basisPoints) => Reason.Percent(basisPoints);
}
