using System.Globalization;
using FinanceMarket.Domain;

namespace FinanceMarket.Matching.Engine;

// The rules of one product for one enterprise and need. Failing() is their one statement; a reason is
// written only for the rules that failed, in the words an enterprise owner reads: what the product
// requires, and what they have.
public static class EligibilityRules
{
    public enum Rule
    {
        SizeClass,
        Industry,
        Region,
        YearsInOperation,
        TaxRating,
        Collateral,
        AmountAboveMaximum,
        AmountBelowMinimum,
        TermAboveMaximum,
        TermBelowMinimum,
    }

    public static List<string> Reasons(ShelfProduct product, EnterpriseProfile enterprise, FinancingRequest need) =>
        Failing(product, enterprise, need).Select(rule => Describe(rule, product, enterprise, need)).ToList();

    // Stops at the first rule that fails and writes nothing: the scan's test of eligibility.
    public static bool IsEligible(ShelfProduct product, EnterpriseProfile enterprise, FinancingRequest need) =>
        !Failing(product, enterprise, need).Any();

    public static IEnumerable<Rule> Failing(ShelfProduct product, EnterpriseProfile enterprise, FinancingRequest need)
    {
        var rules = product.Eligibility;
        if (rules.SizeClasses.Count > 0 && !rules.SizeClasses.Contains(enterprise.SizeClass))
        {
            yield return Rule.SizeClass;
        }

        if (rules.IndustryCodes.Count > 0 && !rules.IndustryCodes.Any(c => IndustryCode.Covers(c, enterprise.IndustryCode)))
        {
            yield return Rule.Industry;
        }

        if (rules.RegionCodes.Count > 0 && !rules.RegionCodes.Any(c => RegionCode.Covers(c, enterprise.RegionCode)))
        {
            yield return Rule.Region;
        }

        if (enterprise.YearsInOperation < rules.MinYearsInOperation)
        {
            yield return Rule.YearsInOperation;
        }

        if (rules.MinTaxCreditRating is { } minimum && !enterprise.TaxCreditRating.MeetsMinimum(minimum))
        {
            yield return Rule.TaxRating;
        }

        if (rules.CollateralRequired && !need.CollateralAvailable)
        {
            yield return Rule.Collateral;
        }

        if (need.AmountFen > product.MaxAmountFen)
        {
            yield return Rule.AmountAboveMaximum;
        }
        else if (need.AmountFen < product.MinAmountFen)
        {
            yield return Rule.AmountBelowMinimum;
        }

        if (need.TermMonths > product.MaxTermMonths)
        {
            yield return Rule.TermAboveMaximum;
        }
        else if (need.TermMonths < product.MinTermMonths)
        {
            yield return Rule.TermBelowMinimum;
        }
    }

    public static string Describe(Rule rule, ShelfProduct product, EnterpriseProfile enterprise, FinancingRequest need)
    {
        var rules = product.Eligibility;
        return rule switch
        {
            Rule.SizeClass => $"for {string.Join(", ", rules.SizeClasses)} enterprises; yours is {enterprise.SizeClass}",
            Rule.Industry => $"for industries {string.Join(", ", rules.IndustryCodes)}; yours is {enterprise.IndustryCode}",
            Rule.Region => $"for regions {string.Join(", ", rules.RegionCodes)}; yours is {enterprise.RegionCode}",
            Rule.YearsInOperation => $"requires {Years(rules.MinYearsInOperation)} in operation; yours is {Years(enterprise.YearsInOperation)}",
            Rule.TaxRating when rules.MinTaxCreditRating == TaxCreditRating.A => $"requires tax rating A; yours is {enterprise.TaxCreditRating}",
            Rule.TaxRating => $"requires tax rating {rules.MinTaxCreditRating} or better; yours is {enterprise.TaxCreditRating}",
            Rule.Collateral => "requires collateral; your need offers none",
            Rule.AmountAboveMaximum => $"amount {Yuan(need.AmountFen)} yuan exceeds this product's maximum {Yuan(product.MaxAmountFen)} yuan",
            Rule.AmountBelowMinimum => $"amount {Yuan(need.AmountFen)} yuan is below this product's minimum {Yuan(product.MinAmountFen)} yuan",
            Rule.TermAboveMaximum => $"term {need.TermMonths} months exceeds this product's maximum {product.MaxTermMonths} months",
            Rule.TermBelowMinimum => $"term {need.TermMonths} months is below this product's minimum {product.MinTermMonths} months",
            _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, null),
        };
    }

    public static string Yuan(long fen) => Money.Yuan(fen);

    private static string Years(int years) => years == 1 ? "1 year" : $"{years} years";
}
