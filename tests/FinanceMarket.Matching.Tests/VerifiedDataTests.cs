using FinanceMarket.Matching.Engine;
using FinanceMarket.Matching.Model;

namespace FinanceMarket.UnitTests.Matching;

// Verified beats declared: the credit data's rating and headcount stand in for the declared ones (and the
// reasons say so), an enforcement record in force excludes the products that refuse it, and a pre-credit
// estimate is the least of its formula's parts, exact to the fen and rounded down to the 万元.
public sealed class VerifiedDataTests
{
    private static readonly EnterpriseProfile Declared = new("运河区阀门厂", "130903", "C34", SizeClass.Small, TaxCreditRating.B, 4);
    private static readonly DeclaredFigures Figures = new("C34", 45, 12_000_000_00, 9_000_000_00);
    private static readonly CreditFacts None = new(null, 0, null, null, 0, 0, 0, 0);

    [Fact]
    public void The_verified_rating_and_headcount_replace_the_declared_ones_and_nothing_changes_without_data()
    {
        Assert.Equal(Declared, VerifiedProfiles.Merge(Declared, Figures, None));

        var merged = VerifiedProfiles.Merge(Declared, Figures, None with { TaxCreditRating = TaxCreditRating.A, TaxRatingYear = 2025 });
        Assert.Equal((TaxCreditRating.A, SizeClass.Small, "tax data 2025", null), (merged.TaxCreditRating, merged.SizeClass, merged.Verified!.Rating, merged.Verified.Size));

        // 350 insured employees with the declared revenue (1,200万) make a manufacturer medium? No: revenue keeps it small.
        var bigger = VerifiedProfiles.Merge(Declared, Figures with { AnnualRevenueFen = 30_000_000_00 },
            None with { InsuredEmployees = 350, EmployeesMonth = "2026-10", EnforcementRecordsInForce = 1, TaxYear = 2025, TaxPaidFen = 1, InvoicedRevenueFen = 2 });
        Assert.Equal(SizeClass.Medium, bigger.SizeClass);
        Assert.Equal("social insurance data 2026-10", bigger.Verified!.Size);
        Assert.Equal((1, new PreCreditBasis(2025, 1, 2)), (bigger.EnforcementRecordsInForce, bigger.Basis));
    }

    [Fact]
    public void A_verified_rating_changes_the_match_and_both_kinds_of_reason_say_it_was_verified()
    {
        var needsA = Product(new ShelfEligibility([], [], [], 0, TaxCreditRating.A, false));
        var need = new FinancingRequest(50_000_000, 12, false);
        Assert.Equal([ReasonCode.TaxRating], EligibilityRules.Failing(needsA, Declared, need));

        var verifiedA = VerifiedProfiles.Merge(Declared, Figures, None with { TaxCreditRating = TaxCreditRating.A, TaxRatingYear = 2025 });
        Assert.True(EligibilityRules.IsEligible(needsA, verifiedA, need));
        var reasons = MatchReasons.For(Scoring.Score(needsA, need, new LoanPrimeRate(300, 350)), need, new LoanPrimeRate(300, 350), verifiedA);
        Assert.Contains("tax rating A, verified by tax data 2025", reasons);

        var verifiedC = VerifiedProfiles.Merge(Declared, Figures, None with { TaxCreditRating = TaxCreditRating.C, TaxRatingYear = 2025 });
        Assert.Equal(["requires tax rating A; yours is C (verified by tax data 2025)"], EligibilityRules.Reasons(needsA, verifiedC, need));
    }

    [Fact]
    public void An_enforcement_record_in_force_excludes_only_the_products_that_refuse_it()
    {
        var refuses = Product(ShelfEligibility.Anyone with { ExcludeEnforcementRecords = true });
        var admits = Product(ShelfEligibility.Anyone) with { ProductId = "p2" };
        var listed = Declared with { EnforcementRecordsInForce = 1 };
        var need = new FinancingRequest(50_000_000, 12, false);

        var detail = Assert.Single(EligibilityRules.Details(refuses, listed, need));
        Assert.Equal((ReasonCode.EnforcementRecord, 1), (detail.Code, detail.EnforcementRecords));
        Assert.Equal("admits no enterprise with a court enforcement record in force; yours has 1 (verified by court enforcement data)", detail.ToEnglish());
        Assert.True(EligibilityRules.IsEligible(admits, listed, need));
        Assert.True(EligibilityRules.IsEligible(refuses, Declared, need));

        var summary = ShelfIndex.Build([refuses, admits]).Match(listed, need, new LoanPrimeRate(300, 350), new MatchQuery());
        Assert.Equal(("p2", 1), (Assert.Single(summary.Matches).Product.ProductId, summary.ExcludedCount));
        Assert.Equal([new ReasonCount(ReasonCode.EnforcementRecord, 1)], summary.ExcludedByReason);
        Assert.Equal(ReasonCode.EnforcementRecord, Assert.Single(Assert.Single(summary.NearestMisses).Details).Code);
    }

    [Fact]
    public void An_estimate_is_the_least_of_its_parts_rounded_down_to_the_wan_and_zero_under_enforcement()
    {
        var product = Product(ShelfEligibility.Anyone) with { MaxAmountFen = 5_000_000_00, PreCredit = new PreCreditFormula(5, 2000) };
        var basis = Declared with { Basis = new PreCreditBasis(2025, 123_456_78, 3_000_000_00) };

        var estimate = PreCredits.Estimate(product, basis)!;
        // 5 × 123,456.78 = 617,283.90 yuan; 20 % of 3,000,000 = 600,000 yuan; the maximum 5,000,000 yuan.
        Assert.Equal([5_000_000_00L, 617_283_90L, 600_000_00L], estimate.Parts.Select(p => p.AmountFen));
        Assert.Equal((60_000_000L, PreCredits.InvoicedRevenueShare, 2025), (estimate.EstimateFen!.Value, estimate.LimitedBy, estimate.TaxYear));

        var taxOnly = PreCredits.Estimate(product with { PreCredit = new PreCreditFormula(5, 0) }, basis)!;
        Assert.Equal((61_000_000L, PreCredits.TaxPaidMultiple), (taxOnly.EstimateFen!.Value, taxOnly.LimitedBy));

        var capped = PreCredits.Estimate(product, basis with { Basis = new PreCreditBasis(2025, 900_000_000_00, 900_000_000_000_00) })!;
        Assert.Equal((5_000_000_00L, PreCredits.ProductMaximum), (capped.EstimateFen!.Value, capped.LimitedBy));

        var listed = PreCredits.Estimate(product, basis with { EnforcementRecordsInForce = 2 })!;
        Assert.Equal((0L, PreCredits.EnforcementRecord), (listed.EstimateFen!.Value, listed.LimitedBy));

        var noData = PreCredits.Estimate(product, Declared)!;
        Assert.Equal((null, PreCredits.NoTaxData), (noData.EstimateFen, noData.LimitedBy));
        Assert.Null(PreCredits.Estimate(product with { PreCredit = null }, basis));
        // A huge tax bill times the multiple does not overflow: the product's maximum decides.
        Assert.Equal(5_000_000_00L, PreCredits.Estimate(product with { PreCredit = new PreCreditFormula(100, 0) },
            basis with { Basis = new PreCreditBasis(2025, long.MaxValue / 10, 0) })!.EstimateFen);
    }

    private static ShelfProduct Product(ShelfEligibility rules) =>
        new("p1", "ccb-cangzhou", ProductKind.Credit, 10_000_000, 500_000_000, 6, 36, 45, rules, false, 3);
}
