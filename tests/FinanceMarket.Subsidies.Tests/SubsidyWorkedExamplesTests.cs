using FinanceMarket.Domain;
using FinanceMarket.Subsidies.Model;

namespace FinanceMarket.UnitTests.Subsidies;

// docs/domain.md's rules with hand-computed amounts: the arithmetic is written beside each expected figure.
public sealed class SubsidyWorkedExamplesTests
{
    private static readonly DateOnly April1 = new(2025, 4, 1);
    private static readonly DateOnly July1 = new(2025, 7, 1);

    [Fact]
    public void Days_count_the_first_day_and_not_the_last() => Assert.Equal(91, SubsidyMath.Days(April1, July1)); // 30 + 31 + 30

    [Fact]
    public void The_domain_example_one_million_yuan_at_one_point_for_a_quarter()
    {
        // 100,000,000 fen × 100 bp × 91 / (10,000 × 365) = 910,000,000,000 / 3,650,000 = 249,315.068... → 249,315
        Assert.Equal(249_315, SubsidyMath.Interest(100_000_000, 100, 1, 91, 365));
    }

    [Theory]
    [InlineData(18_250L, 100L, 1, 365, 1L)] // 18,250 × 100 × 1 / 3,650,000 = 0.5 exactly → half up → 1
    [InlineData(18_249L, 100L, 1, 365, 0L)] // 0.49997... → 0
    [InlineData(36_500L, 100L, 1, 365, 1L)] // 1.0
    [InlineData(54_750L, 100L, 1, 365, 2L)] // 1.5 → 2
    [InlineData(100_000_000L, 100L, 90, 360, 250_000L)] // a 360-day basis: 100,000,000 × 100 × 90 / 3,600,000 = 250,000 exactly
    public void Rounding_is_half_up_once_at_the_end(long principal, long rateBp, int days, int basis, long expected) =>
        Assert.Equal(expected, SubsidyMath.Interest(principal, rateBp, 1, days, basis));

    [Fact]
    public void Amounts_far_beyond_a_long_multiply_exactly()
    {
        // 10^13 fen × 1,000 bp × 366 days = 3.66 × 10^18 × ... overflows a long before the division: Int128 keeps it exact.
        // 10,000,000,000,000 × 1,000 × 366 / (10,000 × 365) = 3,660,000,000,000,000,000 / 3,650,000 = 1,002,739,726,027.397... → 1,002,739,726,027
        Assert.Equal(1_002_739_726_027, SubsidyMath.Interest(10_000_000_000_000, 1_000, 1, 366, 365));
    }

    [Fact]
    public void Payer_shares_add_up_to_the_amount_exactly()
    {
        // 249,315 × 90 % = 224,383.5 and × 10 % = 24,931.5: floors 224,383 + 24,931 = 249,314; the fen left goes to the first of two equal remainders.
        var split = SubsidyMath.Split(249_315, [new FundingShare("central", 9000), new FundingShare("province", 1000)]);
        Assert.Equal([224_384L, 24_931L], split.Select(s => s.AmountFen));
        // Thirds: 100 × 3,334 / 10,000 = 33.34, 33.33, 33.33 → 33 + 33 + 33 = 99; the one fen left goes to the largest remainder (0.34).
        var thirds = SubsidyMath.Split(100, [new FundingShare("a", 3333), new FundingShare("b", 3334), new FundingShare("c", 3333)]);
        Assert.Equal([33L, 34L, 33L], thirds.Select(s => s.AmountFen));
    }

    [Fact]
    public void Service_sector_loans_count_principal_up_to_the_cap_per_borrower()
    {
        // 财金〔2025〕81号 as in 2025: 1 point, principal counted up to 1,000,000 yuan per business.
        var programme = Programme(RateRule.Fixed, rateBp: 100, maxPrincipalFen: 100_000_000);
        var first = Deal("deal-1", grantedFen: 80_000_000); // 800,000 yuan: counted in full
        var second = Deal("deal-2", grantedFen: 50_000_000); // 500,000 yuan: only the 200,000 left under the cap

        var claim1 = ClaimRules.Decide(new ReservationView(programme, [], new Dictionary<string, long>()), first, April1, July1, Whole(first, April1, July1), (100, 1), "c1", "enterprise", DateTimeOffset.UtcNow);
        // 80,000,000 × 100 × 91 / 3,650,000 = 199,452.05... → 199,452
        Assert.Equal((80_000_000L, 199_452L), (claim1.PrincipalFen, claim1.AmountFen));

        var claim2 = ClaimRules.Decide(new ReservationView(programme, [], new Dictionary<string, long> { ["deal-1"] = 80_000_000 }), second, April1, July1, Whole(second, April1, July1), (100, 1), "c2", "enterprise", DateTimeOffset.UtcNow);
        // 20,000,000 × 100 × 91 / 3,650,000 = 49,863.01... → 49,863
        Assert.Equal((20_000_000L, 49_863L), (claim2.PrincipalFen, claim2.AmountFen));

        var third = Deal("deal-3", grantedFen: 10_000_000);
        var refused = Assert.Throws<PreconditionException>(() => ClaimRules.Decide(
            new ReservationView(programme, [], new Dictionary<string, long> { ["deal-1"] = 80_000_000, ["deal-2"] = 20_000_000 }),
            third, April1, July1, Whole(third, April1, July1), (100, 1), "c3", "enterprise", DateTimeOffset.UtcNow));
        Assert.Contains("principal cap of 1,000,000 yuan", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_domain_example_an_early_repayment_in_the_middle_of_a_claimed_period()
    {
        // 1,000,000 yuan at 100 bp over 1 January to 1 April 2026 (90 days); 400,000 yuan repaid on 15 February.
        var programme = Programme(RateRule.Fixed, rateBp: 100, maxPrincipalFen: 1_000_000_000) with { ContractTo = new DateOnly(2026, 12, 31) };
        var deal = Deal("deal-1") with { ContractDate = new DateOnly(2025, 12, 20) };
        var (start, feb15, end) = (new DateOnly(2026, 1, 1), new DateOnly(2026, 2, 15), new DateOnly(2026, 4, 1));
        BalanceRun[] runs = [new(start, feb15, 100_000_000), new(feb15, end, 60_000_000)];

        var claim = ClaimRules.Decide(new ReservationView(programme, [], new Dictionary<string, long>()), deal, start, end, runs, (100, 1), "c1", "enterprise", DateTimeOffset.UtcNow);
        // 45 days on 100,000,000 fen: 100,000,000 × 100 × 45 / 3,650,000 = 123,287.67; 45 days on 60,000,000: 73,972.60;
        // together 197,260.27, rounded once: 197,260.
        Assert.Equal([("123287.67", 45), ("73972.60", 45)], claim.Segments.Select(s => (s.ExactFen, s.Days)));
        Assert.Equal((197_260L, 90), (claim.AmountFen, claim.Days));
        // Rounding each run first would have paid a fen more: 123,288 + 73,973.
        Assert.Equal(197_261, SubsidyMath.Interest(100_000_000, 100, 1, 45, 365) + SubsidyMath.Interest(60_000_000, 100, 1, 45, 365));

        // Under a cap of 800,000 yuan the first run counts 800,000 and the second its 600,000:
        // 80,000,000 × 45 + 60,000,000 × 45 = 6,300,000,000 × 100 / 3,650,000 = 172,602.74 → 172,603.
        var capped = ClaimRules.Decide(new ReservationView(programme with { MaxPrincipalFen = 80_000_000 }, [], new Dictionary<string, long>()), deal, start, end, runs,
            (100, 1), "c2", "enterprise", DateTimeOffset.UtcNow);
        Assert.Equal([80_000_000L, 60_000_000L], capped.Segments.Select(s => s.PrincipalFen));
        Assert.Equal(172_603, capped.AmountFen);

        // Nothing outstanding in the period: nothing to claim.
        Assert.Throws<PreconditionException>(() => ClaimRules.Decide(new ReservationView(programme, [], new Dictionary<string, long>()), deal, start, end, [], (100, 1), "c3", "e", DateTimeOffset.UtcNow));
    }

    [Fact]
    public void Consumer_loans_get_the_lesser_of_one_point_and_half_the_contract_rate()
    {
        var programme = Programme(RateRule.MinOfFixedAndShare, rateBp: 100, shareBp: 5000);
        // 345 bp × 50 % = 172.5 bp > 100 bp: one point.
        Assert.Equal((100L, 1L), ClaimRules.SubsidisedRate(programme, Deal("d", rateBp: 345), null));
        // 150 bp × 50 % = 75 bp < 100 bp: 1,500,000 / 10,000 (75 bp, kept as a fraction).
        var rate = ClaimRules.SubsidisedRate(programme, Deal("d", rateBp: 150), null);
        Assert.Equal((750_000L, 10_000L), rate);
        // 1,000,000 yuan at 75 bp for the quarter: 100,000,000 × 750,000 × 91 / (10,000 × 10,000 × 365) = 186,986.30... → 186,986
        Assert.Equal(186_986, SubsidyMath.Interest(100_000_000, rate.Numerator, rate.Denominator, 91, 365));
        // 345 × 5,001 / 10,000 = 172.5345 bp: a share that is not a whole basis point stays exact.
        Assert.Equal((1_725_345L, 10_000L), ClaimRules.SubsidisedRate(Programme(RateRule.MinOfFixedAndShare, rateBp: 200, shareBp: 5001), Deal("d", rateBp: 345), null));
    }

    [Fact]
    public void Start_up_guarantee_loans_pay_what_lies_above_LPR_minus_150()
    {
        var programme = Programme(RateRule.AboveLprMinus, rateBp: 150, maxPrincipalFen: 30_000_000);
        var lpr = new LprQuote(new DateOnly(2025, 5, 20), 300, 350, "official", DateTimeOffset.UtcNow);
        // The borrower pays up to 300 - 150 = 150 bp; at 345 bp the programme pays 195 bp.
        Assert.Equal((195L, 1L), ClaimRules.SubsidisedRate(programme, Deal("d", rateBp: 345), lpr));
        // At 120 bp the borrower pays less than 150 already: nothing to subsidise.
        Assert.Throws<PreconditionException>(() => ClaimRules.SubsidisedRate(programme, Deal("d", rateBp: 120), lpr));
        // Without an LPR in force on the contract date the rule cannot be applied.
        Assert.Contains("No LPR", Assert.Throws<PreconditionException>(() => ClaimRules.SubsidisedRate(programme, Deal("d"), null)).Message, StringComparison.Ordinal);
        // A 6-year loan is priced on the 5-year LPR: 350 - 150 = 200 paid by the borrower; 420 - 200 = 220.
        Assert.Equal((220L, 1L), ClaimRules.SubsidisedRate(programme, Deal("d", rateBp: 420) with { TermMonths = 72 }, lpr));
    }

    [Fact]
    public void A_fixed_subsidy_never_pays_more_than_the_contract_rate() =>
        Assert.Equal((80L, 1L), ClaimRules.SubsidisedRate(Programme(RateRule.Fixed, rateBp: 100), Deal("d", rateBp: 80), null));

    [Fact]
    public void A_period_overlapping_a_standing_claim_is_refused_but_a_rejected_one_frees_it()
    {
        var programme = Programme(RateRule.Fixed, rateBp: 100);
        var deal = Deal("deal-1");
        var standing = ClaimRules.Decide(new ReservationView(programme, [], new Dictionary<string, long>()), deal, April1, July1, Whole(deal, April1, July1), (100, 1), "c1", "enterprise", DateTimeOffset.UtcNow);
        var view = new ReservationView(programme, [standing], new Dictionary<string, long> { ["deal-1"] = standing.PrincipalFen });

        Assert.Throws<PreconditionException>(() => ClaimRules.Decide(view, deal, new DateOnly(2025, 6, 30), new DateOnly(2025, 7, 2), Whole(deal, new DateOnly(2025, 6, 30), new DateOnly(2025, 7, 2)), (100, 1), "c2", "e", DateTimeOffset.UtcNow));
        var adjacent = ClaimRules.Decide(view, deal, July1, new DateOnly(2025, 10, 1), Whole(deal, July1, new DateOnly(2025, 10, 1)), (100, 1), "c3", "e", DateTimeOffset.UtcNow);
        Assert.Equal(92, adjacent.Days);
        var freed = new ReservationView(programme, [standing with { Status = ClaimStatus.Rejected }], new Dictionary<string, long>());
        Assert.Equal(249_315, ClaimRules.Decide(freed, deal, April1, July1, Whole(deal, April1, July1), (100, 1), "c4", "e", DateTimeOffset.UtcNow).AmountFen);
    }

    [Fact]
    public void A_claim_beyond_the_budget_left_is_refused_with_both_figures()
    {
        var programme = Programme(RateRule.Fixed, rateBp: 100) with { BudgetFen = 300_000, ReservedFen = 40_000, PaidFen = 20_000 };
        var refused = Assert.Throws<PreconditionException>(() => ClaimRules.Decide(new ReservationView(programme, [], new Dictionary<string, long>()), Deal("d"), April1, July1, Whole(Deal("d"), April1, July1), (100, 1), "c", "e", DateTimeOffset.UtcNow));
        Assert.Equal("Over budget: the claim comes to 2,493.15 yuan and the programme has 2,400 yuan left.", refused.Message);
    }

    [Fact]
    public void Only_accrued_interest_is_claimed()
    {
        var programme = Programme(RateRule.Fixed, rateBp: 100);
        // A period ending today covers interest up to yesterday: accrued.
        ClaimRules.CheckEligibility(programme, Deal("d"), April1, July1, today: July1);
        var early = Assert.Throws<RuleViolationException>(() => ClaimRules.CheckEligibility(programme, Deal("d"), April1, July1, today: July1.AddDays(-1)));
        Assert.Contains("has not accrued yet", early.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_subsidy_above_LPR_minus_N_never_exceeds_the_contract_rate()
    {
        // rateBp 500 against an LPR of 300 would put the borrower's share below zero: the programme pays all 400 bp, no more.
        var programme = Programme(RateRule.AboveLprMinus, rateBp: 500);
        var lpr = new LprQuote(new DateOnly(2025, 5, 20), 300, 350, "official", DateTimeOffset.UtcNow);
        Assert.Equal((400L, 1L), ClaimRules.SubsidisedRate(programme, Deal("d", rateBp: 400), lpr));
    }

    private static SubsidyProgram Programme(RateRule rule, int rateBp, long maxPrincipalFen = 100_000_000, int shareBp = 0) => new(
        "p-1", "Programme", rule, rateBp, shareBp, maxPrincipalFen, 12, 1_000_000_000, new DateOnly(2025, 3, 16), new DateOnly(2026, 12, 31),
        new ProgramEligibility([], [], []), [new FundingShare("central", 9000), new FundingShare("province", 1000)], "13", 365, 0, 0, 1, "official", DateTimeOffset.UtcNow);

    // The whole grant outstanding on every day of the period (paid out before it, nothing repaid in it).
    private static IReadOnlyList<BalanceRun> Whole(Deal deal, DateOnly start, DateOnly end) => [new BalanceRun(start, end, deal.GrantedAmountFen)];

    private static Deal Deal(string id, long grantedFen = 100_000_000, int rateBp = 345) => new(
        id, "91130903MA0TESTXXX", "bank-a", "130903", "I65", SizeClass.Small, ProductKind.Credit, true, grantedFen, rateBp, 12, new DateOnly(2025, 3, 20));
}
