using System.Globalization;
using FinanceMarket.Domain;

namespace FinanceMarket.Matching.Engine;

// The rules of one product for one enterprise and need, each answering with the reason it fails, in the
// words an enterprise owner reads: what the product requires, and what they have.
public static class EligibilityRules
{
    public static List<string> Reasons(ShelfProduct product, EnterpriseProfile enterprise, FinancingRequest need)
    {
        var reasons = new List<string>();
        var rules = product.Eligibility;
        if (rules.SizeClasses.Count > 0 && !rules.SizeClasses.Contains(enterprise.SizeClass))
        {
            reasons.Add($"for {string.Join(", ", rules.SizeClasses)} enterprises; yours is {enterprise.SizeClass}");
        }

        if (rules.IndustryCodes.Count > 0 && !rules.IndustryCodes.Any(c => IndustryCode.Covers(c, enterprise.IndustryCode)))
        {
            reasons.Add($"for industries {string.Join(", ", rules.IndustryCodes)}; yours is {enterprise.IndustryCode}");
        }

        if (rules.RegionCodes.Count > 0 && !rules.RegionCodes.Any(c => RegionCode.Covers(c, enterprise.RegionCode)))
        {
            reasons.Add($"for regions {string.Join(", ", rules.RegionCodes)}; yours is {enterprise.RegionCode}");
        }

        if (enterprise.YearsInOperation < rules.MinYearsInOperation)
        {
            reasons.Add($"requires {Years(rules.MinYearsInOperation)} in operation; yours is {Years(enterprise.YearsInOperation)}");
        }

        if (rules.MinTaxCreditRating is { } minimum && !enterprise.TaxCreditRating.MeetsMinimum(minimum))
        {
            reasons.Add(minimum == TaxCreditRating.A
                ? $"requires tax rating A; yours is {enterprise.TaxCreditRating}"
                : $"requires tax rating {minimum} or better; yours is {enterprise.TaxCreditRating}");
        }

        if (rules.CollateralRequired && !need.CollateralAvailable)
        {
            reasons.Add("requires collateral; your need offers none");
        }

        if (need.AmountFen > product.MaxAmountFen)
        {
            reasons.Add($"amount {Yuan(need.AmountFen)} yuan exceeds this product's maximum {Yuan(product.MaxAmountFen)} yuan");
        }
        else if (need.AmountFen < product.MinAmountFen)
        {
            reasons.Add($"amount {Yuan(need.AmountFen)} yuan is below this product's minimum {Yuan(product.MinAmountFen)} yuan");
        }

        if (need.TermMonths > product.MaxTermMonths)
        {
            reasons.Add($"term {need.TermMonths} months exceeds this product's maximum {product.MaxTermMonths} months");
        }
        else if (need.TermMonths < product.MinTermMonths)
        {
            reasons.Add($"term {need.TermMonths} months is below this product's minimum {product.MinTermMonths} months");
        }

        return reasons;
    }

    // 800,000,000 fen → "8,000,000"; 123,456 fen → "1,234.56". Exact: integer arithmetic only.
    public static string Yuan(long fen)
    {
        var yuan = (fen / 100).ToString("N0", CultureInfo.InvariantCulture);
        var cents = Math.Abs(fen % 100);
        return cents == 0 ? yuan : $"{yuan}.{cents:00}";
    }

    private static string Years(int years) => years == 1 ? "1 year" : $"{years} years";
}
