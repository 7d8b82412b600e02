using FinanceMarket.Domain;

namespace FinanceMarket.Matching.Engine;

// The rules of one product for one enterprise and need. FailMask() is their one statement; a reason is
// written only for the rules that failed, as what the product requires and what the enterprise has.
public static class EligibilityRules
{
    public static List<string> Reasons(ShelfProduct product, EnterpriseProfile enterprise, FinancingRequest need) =>
        Details(product, enterprise, need).ConvertAll(reason => reason.ToEnglish());

    // Written only for the few products an answer explains: its nearest misses, or one product on request.
    public static List<Reason> Details(ShelfProduct product, EnterpriseProfile enterprise, FinancingRequest need)
    {
        var details = new List<Reason>(2);
        foreach (var rule in Failing(product, enterprise, need))
        {
            details.Add(Explain(rule, product, enterprise, need));
        }

        return details;
    }

    public static bool IsEligible(ShelfProduct product, EnterpriseProfile enterprise, FinancingRequest need) =>
        FailMask(product, enterprise, need) == 0;

    // On the enterprise's rules alone (proactive matching, recommendations): a need inside the product's
    // ranges leaves only eligibility to decide.
    public static bool QualifiesOnRules(ShelfProduct product, EnterpriseProfile enterprise, bool collateralAvailable) =>
        IsEligible(product, enterprise, new FinancingRequest(product.MinAmountFen, product.MinTermMonths, collateralAvailable));

    // Every eligibility rule, in the order reasons are written in (code order).
    public static readonly ReasonCode[] Rules =
    [
        ReasonCode.SizeClass, ReasonCode.Industry, ReasonCode.Region, ReasonCode.YearsInOperation, ReasonCode.TaxRating, ReasonCode.Collateral,
        ReasonCode.AmountAboveMaximum, ReasonCode.AmountBelowMinimum, ReasonCode.TermAboveMaximum, ReasonCode.TermBelowMinimum, ReasonCode.EnforcementRecord,
    ];

    // The highest code of a rule: arrays of counts by rule are this long plus one.
    public const int MaxRule = (int)ReasonCode.EnforcementRecord;

    // The failed rules in code order (the order the reasons are written in).
    public static IEnumerable<ReasonCode> Failing(ShelfProduct product, EnterpriseProfile enterprise, FinancingRequest need)
    {
        var mask = FailMask(product, enterprise, need);
        foreach (var code in Rules)
        {
            if ((mask & Bit(code)) != 0)
            {
                yield return code;
            }
        }
    }

    public static int Bit(ReasonCode code) => 1 << (int)code;

    // One bit per failed rule (Bit(code)), with no allocation: the scan and the index's few products
    // outside its bitsets test every product with it.
    public static int FailMask(ShelfProduct product, EnterpriseProfile enterprise, FinancingRequest need)
    {
        var rules = product.Eligibility;
        var mask = 0;
        if (rules.SizeClasses.Count > 0 && !Contains(rules.SizeClasses, enterprise.SizeClass))
        {
            mask |= Bit(ReasonCode.SizeClass);
        }

        if (rules.IndustryCodes.Count > 0 && !AnyCovers(rules.IndustryCodes, enterprise.IndustryCode, industry: true))
        {
            mask |= Bit(ReasonCode.Industry);
        }

        if (rules.RegionCodes.Count > 0 && !AnyCovers(rules.RegionCodes, enterprise.RegionCode, industry: false))
        {
            mask |= Bit(ReasonCode.Region);
        }

        if (enterprise.YearsInOperation < rules.MinYearsInOperation)
        {
            mask |= Bit(ReasonCode.YearsInOperation);
        }

        if (rules.MinTaxCreditRating is { } minimum && !enterprise.TaxCreditRating.MeetsMinimum(minimum))
        {
            mask |= Bit(ReasonCode.TaxRating);
        }

        if (rules.CollateralRequired && !need.CollateralAvailable)
        {
            mask |= Bit(ReasonCode.Collateral);
        }

        if (rules.ExcludeEnforcementRecords && enterprise.EnforcementRecordsInForce > 0)
        {
            mask |= Bit(ReasonCode.EnforcementRecord);
        }

        if (need.AmountFen > product.MaxAmountFen)
        {
            mask |= Bit(ReasonCode.AmountAboveMaximum);
        }
        else if (need.AmountFen < product.MinAmountFen)
        {
            mask |= Bit(ReasonCode.AmountBelowMinimum);
        }

        if (need.TermMonths > product.MaxTermMonths)
        {
            mask |= Bit(ReasonCode.TermAboveMaximum);
        }
        else if (need.TermMonths < product.MinTermMonths)
        {
            mask |= Bit(ReasonCode.TermBelowMinimum);
        }

        return mask;
    }

    // The values a failed rule's reason is written from; the lists are the product's own, not copies.
    public static Reason Explain(ReasonCode rule, ShelfProduct product, EnterpriseProfile enterprise, FinancingRequest need)
    {
        var rules = product.Eligibility;
        return rule switch
        {
            ReasonCode.SizeClass => new(rule) { SizeClass = new(rules.SizeClasses, enterprise.SizeClass), VerifiedBy = enterprise.Verified?.Size },
            ReasonCode.Industry => new(rule) { Industry = new(rules.IndustryCodes, enterprise.IndustryCode) },
            ReasonCode.Region => new(rule) { Region = new(rules.RegionCodes, enterprise.RegionCode) },
            ReasonCode.YearsInOperation => new(rule) { YearsInOperation = new(rules.MinYearsInOperation, enterprise.YearsInOperation) },
            ReasonCode.TaxRating when rules.MinTaxCreditRating is { } minimum =>
                new(rule) { TaxRating = new(minimum, enterprise.TaxCreditRating), VerifiedBy = enterprise.Verified?.Rating },
            ReasonCode.EnforcementRecord => new(rule) { EnforcementRecords = enterprise.EnforcementRecordsInForce, VerifiedBy = "court enforcement data" },
            ReasonCode.Collateral => new(rule),
            ReasonCode.AmountAboveMaximum or ReasonCode.AmountBelowMinimum => new(rule) { Amount = new(need.AmountFen, product.MinAmountFen, product.MaxAmountFen) },
            ReasonCode.TermAboveMaximum or ReasonCode.TermBelowMinimum => new(rule) { Term = new(need.TermMonths, product.MinTermMonths, product.MaxTermMonths) },
            _ => throw new ArgumentOutOfRangeException(nameof(rule), rule, "not a rule this product failed"),
        };
    }

    public static string Yuan(long fen) => Reason.Yuan(fen);

    private static bool Contains(IReadOnlyList<SizeClass> sizes, SizeClass size)
    {
        for (var i = 0; i < sizes.Count; i++)
        {
            if (sizes[i] == size)
            {
                return true;
            }
        }

        return false;
    }

    private static bool AnyCovers(IReadOnlyList<string> listed, string code, bool industry)
    {
        for (var i = 0; i < listed.Count; i++)
        {
            if (industry ? IndustryCode.Covers(listed[i], code) : RegionCode.Covers(listed[i], code))
            {
                return true;
            }
        }

        return false;
    }
}
