using FinanceMarket.Domain;

namespace FinanceMarket.Matching.Engine;

// Why a product was matched, as data of the same shape as the reasons for an exclusion.
public static class MatchReasons
{
    public static IReadOnlyList<Reason> Details(Match match, FinancingRequest need, LoanPrimeRate lpr, EnterpriseProfile? enterprise = null)
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

        // A rule the product sets that the enterprise met on verified data says so.
        if (enterprise?.Verified is { } verified)
        {
            if (product.Eligibility.MinTaxCreditRating is not null && verified.Rating is { } rating)
            {
                reasons.Add(new(ReasonCode.VerifiedData) { Verified = new(ReasonCode.TaxRating, enterprise.TaxCreditRating.Wire()), VerifiedBy = rating });
            }

            if (product.Eligibility.SizeClasses.Count > 0 && verified.Size is { } size)
            {
                reasons.Add(new(ReasonCode.VerifiedData) { Verified = new(ReasonCode.SizeClass, enterprise.SizeClass.Wire()), VerifiedBy = size });
            }
        }

        return reasons;
    }

    public static IReadOnlyList<string> For(Match match, FinancingRequest need, LoanPrimeRate lpr, EnterpriseProfile? enterprise = null) =>
        [.. Details(match, need, lpr, enterprise).Select(r => r.ToEnglish())];

    // 345 bp → "3.45 %".
    public static string Percent(int basisPoints) => Reason.Percent(basisPoints);
}
