using System.Globalization;
using FinanceMarket.Domain;

namespace FinanceMarket.Matching.Engine;

// The rules of one product for one enterprise and need, each answering with the reason it fails, in the
// words an enterprise owner reads: what the product requires, and what they have.
public static class EligibilityRules
{
    public static List<string> Reasons(ShelfProduct product, EnterpriseProfile enterprise, FinancingRequest need) =>
        Violations(product, enterprise, need).ToList();

    // Stops at the first rule that fails, and writes no reason: the scan's test of eligibility.
    public static bool IsEligible(ShelfProduct product, EnterpriseProfile enterprise, FinancingRequest need) =>
        !Violations(product, enterprise, need).Any();

    // The one statement of the rules: each reason is produced only when asked for.
    private static IEnumerable<string> Violations(ShelfProduct product, EnterpriseProfile enterprise, FinancingRequest need)
    {
        var rules = product.Eligibility;
        if (rules.SizeClasses.Count > 0 && !rules.SizeClasses.Contains(enterprise.SizeClass))
        {
            yield return $"for {string.Join(", ", rules.SizeClasses)} enterprises; yours is {enterprise.SizeClass}";
        }

        if (rules.IndustryCodes.Count > 0 && !rules.IndustryCodes.Any(c => IndustryCode.Covers(c, enterprise.IndustryCode)))
        {
            yield return $"for industries {string.Join(", ", rules.IndustryCodes)}; yours is {enterprise.IndustryCode}";
        }

        if (rules.RegionCodes.Count > 0 && !rules.RegionCodes.Any(c => RegionCode.Covers(c, enterprise.RegionCode)))
        {
            yield return $"for regions {string.Join(", ", rules.RegionCodes)}; yours is {enterprise.RegionCode}";
        }

        if (enterprise.YearsInOperation < rules.MinYearsInOperation)
        {
            yield return $"requires {Years(rules.MinYearsInOperation)} in operation; yours is {Years(enterprise.YearsInOperation)}";
        }

        if (rules.MinTaxCreditRating is { } minimum && !enterprise.TaxCreditRating.MeetsMinimum(minimum))
        {
            yield return minimum == TaxCreditRating.A
                ? $"requires tax rating A; yours is {enterprise.TaxCreditRating}"
                : $"requires tax rating {minimum} or better; yours is {enterprise.TaxCreditRating}";
        }

        if (rules.CollateralRequired && !need.CollateralAvailable)
        {
            yield return "requires collateral; your need offers none";
        }

        if (need.AmountFen > product.MaxAmountFen)
        {
            yield return $"amount {Yuan(need.AmountFen)} yuan exceeds this product's maximum {Yuan(product.MaxAmountFen)} yuan";
        }
        else if (need.AmountFen < product.MinAmountFen)
        {
            yield return $"amount {Yuan(need.AmountFen)} yuan is below this product's minimum {Yuan(product.MinAmountFen)} yuan";
        }

        if (need.TermMonths > product.MaxTermMonths)
        {
            yield return $"term {need.TermMonths} months exceeds this product's maximum {product.MaxTermMonths} months";
        }
        else if (need.TermMonths < product.MinTermMonths)
        {
            yield return $"term {need.TermMonths} months is below this product's minimum {product.MinTermMonths} months";
        }
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
