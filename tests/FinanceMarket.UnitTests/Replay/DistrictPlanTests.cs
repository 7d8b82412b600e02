using FinanceMarket.Replay;

namespace FinanceMarket.UnitTests.Replay;

// The replay's ground truth is decided before its first request: the reference district's figures,
// exactly, from any seed; the same seed gives the same year.
public sealed class DistrictPlanTests
{
    [Theory]
    [InlineData(2022)]
    [InlineData(7)]
    public void At_scale_1_the_plan_is_the_reference_district_to_the_fen(int seed)
    {
        var plan = DistrictPlan.Create(seed, 1m);

        Assert.Equal(7_654, plan.Enterprises.Count);
        Assert.Equal(558, plan.Applications.Count(a => a.Outcome == Outcome.Approved));
        Assert.Equal(848_000_000_00L, plan.CreditFen);
        Assert.Equal(24_560_000_00L, plan.SubsidisedPrincipalFen);
        Assert.Equal(7_654, plan.Enterprises.Select(e => e.Uscc).Distinct().Count());
        Assert.All(plan.Enterprises, e => Assert.True(UnifiedSocialCreditCode.Check(e.Uscc).IsValid, e.Uscc));
        // One application per enterprise, so every deal serves a new enterprise.
        Assert.Equal(plan.Applications.Count, plan.Applications.Select(a => a.Enterprise.Uscc).Distinct().Count());
        Assert.Contains(plan.Banks, b => b.BankId == "ccb-cangzhou");
        Assert.Contains(plan.Banks, b => b.BankId == "icbc-cangzhou");
        Assert.Contains(plan.Banks, b => b.BankId == "bank-of-cangzhou");
    }

    [Fact]
    public void Every_application_fits_its_product_and_every_subsidised_loan_its_programme()
    {
        var plan = DistrictPlan.Create(2022, 1m);

        Assert.All(plan.Applications, a =>
        {
            Assert.True(a.Enterprise.CanBorrow);
            Assert.InRange(a.AmountFen, 10_000_000, 1_000_000_000);
            Assert.InRange(a.RateBp, 1, 4 * 300);
        });
        Assert.All(plan.Applications.Where(a => a.Programme is not null), a =>
        {
            Assert.Equal(Outcome.Approved, a.Outcome);
            Assert.False(a.Mortgage);
            Assert.Contains(a.Enterprise.SizeClass, new[] { SizeClass.Small, SizeClass.Micro });
            Assert.True(a.Programme!.Covers(a.Enterprise.IndustryCode));
            Assert.True(a.AmountFen <= a.Programme.MaxPrincipalFen);
        });
        Assert.All(plan.Enterprises, e => Assert.Null(SizeClassifier.AmbiguityProblem(e.IndustryCode)));
    }

    [Fact]
    public void The_same_seed_gives_the_same_year_and_another_seed_another()
    {
        var first = DistrictPlan.Create(2022, 0.1m);
        var again = DistrictPlan.Create(2022, 0.1m);
        var other = DistrictPlan.Create(2023, 0.1m);

        Assert.Equal(first.Applications.Select(a => (a.Enterprise.Uscc, a.BankId, a.AmountFen, a.Outcome)), again.Applications.Select(a => (a.Enterprise.Uscc, a.BankId, a.AmountFen, a.Outcome)));
        Assert.NotEqual(first.Enterprises.Select(e => e.Uscc), other.Enterprises.Select(e => e.Uscc));
    }

    [Theory]
    [InlineData("10", 76_540, 5_580, 8_480_000_000_00L, 245_600_000_00L)]
    [InlineData("0.1", 765, 56, 84_800_000_00L, 2_456_000_00L)]
    public void A_scale_multiplies_the_year(string scale, int enterprises, int deals, long creditFen, long subsidisedFen)
    {
        var plan = DistrictPlan.Create(1, decimal.Parse(scale, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal((enterprises, deals, creditFen, subsidisedFen),
            (plan.Enterprises.Count, plan.Applications.Count(a => a.Outcome == Outcome.Approved), plan.CreditFen, plan.SubsidisedPrincipalFen));
    }

    // Each approved loan's life after the approval comes from a stream of its own: the same seed, the same
    // lives; roughly the shares planned; no life for an application that was not approved.
    [Fact]
    public void Approved_loans_are_given_lives_by_seed_without_moving_the_rest_of_the_year()
    {
        var plan = DistrictPlan.Create(2022, 1m);
        var lives = plan.Applications.Where(a => a.Outcome == Outcome.Approved).GroupBy(a => a.Life).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(558, lives.Values.Sum());
        Assert.InRange(lives[LoanLife.MissesOne], 25, 65);
        Assert.InRange(lives[LoanLife.RepaysEarly], 15, 55);
        Assert.InRange(lives[LoanLife.Renewed], 12, 50);
        Assert.All(plan.Applications.Where(a => a.Outcome != Outcome.Approved), a => Assert.Equal(LoanLife.OnSchedule, a.Life));
        Assert.Equal(plan.Applications.Select(a => a.Life), DistrictPlan.Create(2022, 1m).Applications.Select(a => a.Life));
    }

    [Fact]
    public void Split_adds_up_exactly_within_the_bounds()
    {
        var amounts = DistrictPlan.Split(new Random(3), 123_456_789_01, 97, 10_000_000, 1_000_000_000);

        Assert.Equal(123_456_789_01, amounts.Sum());
        Assert.All(amounts, a => Assert.InRange(a, 10_000_000, 1_000_000_000));
        Assert.Throws<ArgumentOutOfRangeException>(() => DistrictPlan.Split(new Random(3), 100, 2, 10_000_000, 1_000_000_000));
    }

    [Fact]
    public void The_replay_checks_claims_with_the_domain_formula()
    {
        // docs/domain.md: 1,000,000 yuan at 100 bp for 1 Apr - 1 Jul (91 days) = 2,493.150... yuan → 249,315 fen.
        Assert.Equal(249_315, Replayer.SubsidyFen(1_000_000_00, 100, 91));
        // Exactly half a fen rounds up: 73 fen at 5,000 bp for 365 days is 36.5 fen.
        Assert.Equal(37, Replayer.SubsidyFen(73, 5_000, 365));
    }

    [Fact]
    public void The_ledger_counts_an_enterprise_once_per_scope_and_a_principal_once_per_programme()
    {
        var ledger = new Ledger();
        var march = new DateOnly(2026, 3, 2);
        ledger.Approved("ccb-cangzhou", march, "E1", 100);
        ledger.Approved("icbc-cangzhou", march.AddMonths(1), "E1", 50);
        ledger.Paid("ccb-cangzhou", march, 7, "P1", "A1", 100);
        ledger.Paid("ccb-cangzhou", march.AddMonths(1), 8, "P1", "A1", 100);

        var figures = ledger.Snapshot();
        Assert.Equal((2L, 150L, 1L), (figures[Ledger.District]["matchedDeals"], figures[Ledger.District]["creditGrantedFen"], figures[Ledger.District]["enterprisesServed"]));
        Assert.Equal(1L, figures["BANK:icbc-cangzhou"]["enterprisesServed"]);
        Assert.Equal((2L, 15L, 100L), (figures[Ledger.District]["subsidyClaimsPaid"], figures[Ledger.District]["subsidyPaidFen"], figures[Ledger.District]["subsidisedPrincipalFen"]));
        Assert.Equal(100L, figures["MONTH:2026-04"]["subsidisedPrincipalFen"]);
    }
}
