using System.Globalization;

namespace FinanceMarket.Matching.Engine;

// Why a product was matched, in the same plain words as the reasons for an exclusion.
public static class MatchReasons
{
    public static IReadOnlyList<string> For(Match match, FinancingRequest need, LoanPrimeRate lpr)
    {
        var product = match.Product;
        var reasons = new List<string>
        {
            $"estimated rate {Percent(match.EstimatedRateBp)} (LPR {Percent(lpr.For(need.TermMonths))} {Spread(product.RateSpreadBp)})",
            $"amount {EligibilityRules.Yuan(need.AmountFen)} yuan within {EligibilityRules.Yuan(product.MinAmountFen)}–{EligibilityRules.Yuan(product.MaxAmountFen)} yuan",
            $"term {need.TermMonths} months within {product.MinTermMonths}–{product.MaxTermMonths} months",
            product.DecisionSlaDays == 1 ? "decision within 1 working day" : $"decision within {product.DecisionSlaDays} working days",
        };
        if (product.SubsidyEligible)
        {
            reasons.Add("qualifies for interest subsidies");
        }

        return reasons;
    }

    // 345 bp → "3.45 %".
    public static string Percent(int basisPoints) =>
        string.Create(CultureInfo.InvariantCulture, $"{(basisPoints < 0 ? "-" : "")}{Math.Abs(basisPoints) / 100}.{Math.Abs(basisPoints) % 100:00} %");

    private static string Spread(int bp) => bp >= 0 ? $"+ {bp} bp" : $"- {-bp} bp";
}
