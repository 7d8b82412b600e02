using FinanceMarket.Matching.Engine;

namespace FinanceMarket.UnitTests.Matching;

// Each reason as data: its code and the values its sentence is built from, and the English sentence
// written from exactly those values (the sentences themselves are pinned in MatchEngineTests).
public sealed class ReasonTests
{
    private static readonly LoanPrimeRate Lpr = new(300, 350);

    private static readonly EnterpriseProfile Valves = new(Name: "91130903MA0A123458", SizeClass: SizeClass.Small, IndustryCode: "C34", RegionCode: "130903", YearsInOperation: 4, TaxCreditRating: TaxCreditRating.C);

    private static ShelfProduct Product(ShelfEligibility? rules = null, int spread = 45, int sla = 3, bool subsidy = false) =>
        new("p1", "ccb-cangzhou", ProductKind.Credit, 10_000_000, 500_000_000, 6, 36, spread, rules ?? ShelfEligibility.Anyone, subsidy, sla);

    [Fact]
    public void Each_failed_rule_carries_what_the_product_requires_and_what_the_enterprise_has()
    {
        var strict = Product(new ShelfEligibility([SizeClass.Micro], ["F52", "I65"], ["1311"], 5, TaxCreditRating.B, CollateralRequired: true));
        var need = new FinancingRequest(800_000_000, 48, CollateralAvailable: false);

        var details = EligibilityRules.Details(strict, Valves, need);

        Assert.Equal(
            [ReasonCode.SizeClass, ReasonCode.Industry, ReasonCode.Region, ReasonCode.YearsInOperation, ReasonCode.TaxRating,
             ReasonCode.Collateral, ReasonCode.AmountAboveMaximum, ReasonCode.TermAboveMaximum],
            details.Select(d => d.Code));
        Assert.Equal([SizeClass.Micro], details[0].SizeClass!.Required);
        Assert.Equal(SizeClass.Small, details[0].SizeClass!.Actual);
        Assert.Equal(["F52", "I65"], details[1].Industry!.Required);
        Assert.Equal("C34", details[1].Industry!.Actual);
        Assert.Equal(["1311"], details[2].Region!.Required);
        Assert.Equal("130903", details[2].Region!.Actual);
        Assert.Equal(new Requirement<int, int>(5, 4), details[3].YearsInOperation);
        Assert.Equal(new Requirement<TaxCreditRating, TaxCreditRating>(TaxCreditRating.B, TaxCreditRating.C), details[4].TaxRating);
        Assert.Equal(new Reason(ReasonCode.Collateral), details[5]);
        Assert.Equal(new AmountRange(800_000_000, 10_000_000, 500_000_000), details[6].Amount);
        Assert.Equal(new TermRange(48, 6, 36), details[7].Term);
        Assert.Equal(EligibilityRules.Reasons(strict, Valves, need), details.Select(d => d.ToEnglish()));
    }

    [Fact]
    public void Each_reason_sets_only_the_values_of_its_own_code()
    {
        var strict = Product(new ShelfEligibility([SizeClass.Micro], ["F52"], ["1311"], 5, TaxCreditRating.B, CollateralRequired: true));
        var details = EligibilityRules.Details(strict, Valves, new FinancingRequest(800_000_000, 48, false))
            .Concat(MatchReasons.Details(Scoring.Score(Product(subsidy: true), new FinancingRequest(100_000_000, 12, true), Lpr), new FinancingRequest(100_000_000, 12, true), Lpr));

        foreach (var reason in details)
        {
            object?[] groups = [reason.SizeClass, reason.Industry, reason.Region, reason.YearsInOperation, reason.TaxRating, reason.Amount, reason.Term, reason.Rate, reason.DecisionSlaDays];
            var expected = reason.Code is ReasonCode.Collateral or ReasonCode.SubsidyEligible ? 0 : 1;
            Assert.True(groups.Count(g => g is not null) == expected, $"{reason.Code} sets {groups.Count(g => g is not null)} groups of values");
        }
    }

    [Fact]
    public void The_lower_bounds_and_the_top_rating_are_reasons_of_their_own()
    {
        var rated = Product(new ShelfEligibility([], [], [], 0, TaxCreditRating.A, false));
        var need = new FinancingRequest(123_456, 3, true);

        var details = EligibilityRules.Details(rated, Valves with { TaxCreditRating = TaxCreditRating.B }, need);

        Assert.Equal([ReasonCode.TaxRating, ReasonCode.AmountBelowMinimum, ReasonCode.TermBelowMinimum], details.Select(d => d.Code));
        Assert.Equal(new Requirement<TaxCreditRating, TaxCreditRating>(TaxCreditRating.A, TaxCreditRating.B), details[0].TaxRating);
        Assert.Equal(new AmountRange(123_456, 10_000_000, 500_000_000), details[1].Amount);
        Assert.Equal(new TermRange(3, 6, 36), details[2].Term);
        Assert.Equal(
            ["requires tax rating A; yours is B", "amount 1,234.56 yuan is below this product's minimum 100,000 yuan", "term 3 months is below this product's minimum 6 months"],
            details.Select(d => d.ToEnglish()));
    }

    [Fact]
    public void A_match_says_its_rate_range_term_deadline_and_subsidy_as_data_and_in_english()
    {
        var need = new FinancingRequest(300_000_000, 30, false);
        var match = Scoring.Score(Product(subsidy: true), need, Lpr);

        var details = MatchReasons.Details(match, need, Lpr);

        Assert.Equal(
            [ReasonCode.EstimatedRate, ReasonCode.AmountWithin, ReasonCode.TermWithin, ReasonCode.DecisionWithin, ReasonCode.SubsidyEligible],
            details.Select(d => d.Code));
        Assert.Equal(new RateEstimate(345, 300, 45), details[0].Rate);
        Assert.Equal(new AmountRange(300_000_000, 10_000_000, 500_000_000), details[1].Amount);
        Assert.Equal(new TermRange(30, 6, 36), details[2].Term);
        Assert.Equal(3, details[3].DecisionSlaDays);
        Assert.Equal(
            [
                "estimated rate 3.45 % (LPR 3.00 % + 45 bp)",
                "amount 3,000,000 yuan within 100,000–5,000,000 yuan",
                "term 30 months within 6–36 months",
                "decision within 3 working days",
                "qualifies for interest subsidies",
            ],
            MatchReasons.For(match, need, Lpr));
    }

    [Fact]
    public void A_discount_on_the_lpr_and_a_one_day_decision_read_as_before()
    {
        var need = new FinancingRequest(100_000_000, 84, false);
        var product = Product(spread: -20, sla: 1) with { MaxTermMonths = 120 };
        var match = Scoring.Score(product, need, Lpr);

        var details = MatchReasons.Details(match, need, Lpr);

        Assert.Equal(new RateEstimate(330, 350, -20), details[0].Rate);
        Assert.Equal(1, details[3].DecisionSlaDays);
        Assert.Equal(4, details.Count);
        Assert.Equal("estimated rate 3.30 % (LPR 3.50 % - 20 bp)", details[0].ToEnglish());
        Assert.Equal("decision within 1 working day", details[3].ToEnglish());
    }

    [Fact]
    public void Every_code_is_written_in_english_and_a_reason_without_its_values_is_refused()
    {
        var strict = Product(new ShelfEligibility([SizeClass.Micro], ["F52"], ["1311"], 5, TaxCreditRating.B, CollateralRequired: true, ExcludeEnforcementRecords: true));
        var need = new FinancingRequest(300_000_000, 30, false);
        var listed = Valves with { EnforcementRecordsInForce = 1, Verified = new VerifiedBy(2025, null, null) };
        var rated = Product(new ShelfEligibility([], [], [], 0, TaxCreditRating.C, false), subsidy: true);
        var written = EligibilityRules.Details(strict, listed, new FinancingRequest(800_000_000, 48, false))
            .Concat(EligibilityRules.Details(Product(), Valves, new FinancingRequest(1, 1, false)))
            .Concat(MatchReasons.Details(Scoring.Score(rated, need, Lpr), need, Lpr, Valves with { Verified = new VerifiedBy(2025, null, null) }))
            .ToDictionary(d => d.Code, d => d.ToEnglish());

        Assert.Equal(Enum.GetValues<ReasonCode>(), written.Keys.Order());
        Assert.All(written.Values, sentence => Assert.False(string.IsNullOrWhiteSpace(sentence)));
        Assert.Throws<InvalidOperationException>(() => new Reason(ReasonCode.TaxRating).ToEnglish());
    }
}
