using FinanceMarket.Domain;

namespace FinanceMarket.Matching.Engine;

// The rules of one product for one enterprise and need. Failing() is their one statement; a reason is
// written only for the rules that failed, as what the product requires and what the enterprise has.
public static class EligibilityRules
{
    public static List<string> Reasons(ShelfProduct product, EnterpriseProfile enterprise, FinancingRequest need) =>
        Details(product, enterprise, need).ConvertAll(reason => reason.ToEnglish());

    // Once for every product an answer leaves out: a loop, not a capturing lambda.
    public static List<Reason> Details(ShelfProduct product, EnterpriseProfile enterprise, FinancingRequest need)
    {
        var details = new List<Reason>(2);
        foreach (var rule in Failing(product, enterprise, need))
        {
            details.Add(Explain(rule, product, enterprise, need));
        }

        return details;
    }

    // Stops at the first rule that fails and writes nothing: the scan's test of eligibility.
    public static bool IsEligible(ShelfProduct product, EnterpriseProfile enterprise, FinancingRequest need) =>
        !Failing(product, enterprise, need).Any();

    public static IEnumerable<ReasonCode> Failing(ShelfProduct product, EnterpriseProfile enterprise, FinancingRequest need)
    {
        var rules = product.Eligibility;
        if (rules.SizeClasses.Count > 0 && !rules.SizeClasses.Contains(enterprise.SizeClass))
        {
            yield return ReasonCode.SizeClass;
        }

        if (rules.IndustryCodes.Count > 0 && !rules.IndustryCodes.Any(c => IndustryCode.Covers(c, enterprise.IndustryCode)))
        {
            yield return ReasonCode.Industry;
        }

        if (rules.RegionCodes.Count > 0 && !rules.RegionCodes.Any(c => RegionCode.Covers(c, enterprise.RegionCode)))
        {
            yield return ReasonCode.Region;
        }

        if (enterprise.YearsInOperation < rules.MinYearsInOperation)
        {
            yield return ReasonCode.YearsInOperation;
        }

        if (rules.MinTaxCreditRating is { } minimum && !enterprise.TaxCreditRating.MeetsMinimum(minimum))
        {
            yield return ReasonCode.TaxRating;
        }

        if (rules.CollateralRequired && !need.CollateralAvailable)
        {
            yield return ReasonCode.Collateral;
        }

        if (need.AmountFen > product.MaxAmountFen)
        {
            yield return ReasonCode.AmountAboveMaximum;
        }
        else if (need.AmountFen < product.MinAmountFen)
        {
            yield return ReasonCode.AmountBelowMinimum;
        }

        if (need.TermMonths > product.MaxTermMonths)
        {
            yield return ReasonCode.TermAboveMaximum;
        }
        else if (need.TermMonths < product.MinTermMonths)
        {
            yield return ReasonCode.TermBelowMinimum;
        }
    }

    // The values a failed rule's reason is written from; the lists are the product's own, not copies.
    public static Reason Explain(ReasonCode rule, ShelfProduct product, EnterpriseProfile enterprise, FinancingRequest need)
    {
        var rules = product.Eligibility;
        return rule switch
        {
            ReasonCode.SizeClass => new(rule) { SizeClass = new(rules.SizeClasses, enterprise.SizeClass) },
            ReasonCode.Industry => new(rule) { Industry = new(rules.IndustryCodes, enterprise.IndustryCode) },
            ReasonCode.Region => new(rule) { Region = new(rules.RegionCodes, enterprise.RegionCode) },
            ReasonCode.YearsInOperation => new(rule) { YearsInOperation = new(rules.MinYearsInOperation, enterprise.YearsInOperation) },
            ReasonCode.TaxRating when rules.MinTaxCreditRating is { } minimum => new(rule) { TaxRating = new(minimum, enterprise.TaxCreditRating) },
            ReasonCode.Collateral => new(rule),
            ReasonCode.AmountAboveMaximum or ReasonCode.AmountBelowMinimum => new(rule) { Amount = new(need.AmountFen, product.MinAmountFen, product.MaxAmountFen) },
            ReasonCode.TermAboveMaximum or ReasonCode.TermBelowMinimum => new(rule) { Term = new(need.TermMonths, product.MinTermMonths, product.MaxTermMonths) },
            _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "not a rule this product failed"),
        };
    }

    public static string Yuan(long fen) => Reason.Yuan(fen);
}
