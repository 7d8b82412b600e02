using FinanceMarket.Matching.Engine;
using FinanceMarket.ServiceDefaults.Security;
using Ledger = FinanceMarket.Loans.Model;
using Market = FinanceMarket.Matching.Model;
using Subsidy = FinanceMarket.Subsidies.Model;

namespace FinanceMarket.UnitTests.Validation;

// The market's, the loan ledger's and the subsidies' own refusals name their reason and its values, through
// the real rules, and keep the English description clients already show.
public sealed class CodedViolationsBTests
{
    private static readonly DateTimeOffset At = new(2026, 6, 30, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 6, 30);

    [Fact]
    public void An_approval_outside_the_products_amounts_is_out_of_range_in_fen()
    {
        var submittedAt = new DateTimeOffset(2026, 11, 2, 1, 0, 0, TimeSpan.Zero);
        var lpr = new LoanPrimeRate(300, 350);
        var application = Market.Transitions.Submit(
            "app-1",
            new Market.Need("need-1", "91130903MA0TESTXXX", new EnterpriseProfile("Works", "130903", "C34", SizeClass.Small, TaxCreditRating.B, 5),
                50_000_000, 12, "", false, [], [], lpr, false, null, submittedAt),
            new Market.OfferedProduct("p-1", "bank-a", "Credit loan", ProductKind.Credit, 10_000_000, 300_000_000, 6, 36, 45, true, 3),
            submittedAt, WorkingCalendar.China, Market.ServicePromise.Default).Application;

        var problems = Refused(() => Market.ApplicationRules.ValidateApproval(application, 300_000_001, 345, 40, "2026-12-03", lpr, new DateOnly(2026, 11, 2)));

        var amount = Single(problems, "grantedAmountFen", Reasons.OutOfRange);
        Assert.Equal(Values(("min", "10000000"), ("max", "300000000"), ("got", "300000001")), amount.Values);
        Assert.Equal("must be within the product's range 100,000–3,000,000 yuan (10000000–300000000 fen); got 300000001", amount.Description);
        Assert.Equal(Values(("min", "6"), ("max", "36"), ("got", "40")), Single(problems, "termMonths", Reasons.OutOfRange).Values);
        Assert.Equal(Values(("min", "2026-11-02"), ("max", "2026-12-02"), ("got", "2026-12-03")), Single(problems, "contractDate", Reasons.DateOutOfRange).Values);
    }

    [Fact]
    public void The_markets_own_checks_name_their_reasons()
    {
        var need = Refused(() => Market.ApplicationRules.ValidateNeed("91130903MA0TEST", 1, 12, null, 0));
        Assert.Equal(Values(("length", "18"), ("got", "15")), Single(need, "uscc", Reasons.UsccLength).Values);

        var promise = Refused(() => Market.MarketRules.ValidatePromise("1", 1, 5, 3, "official", At));
        Assert.Equal(Values(("got", "1")), Single(promise, "regionCode", Reasons.RegionPrefix).Values);
        Assert.Equal(Values(("field", "decideWithinDays"), ("max", "3"), ("got", "5")), Single(promise, "contactWithinDays", Reasons.AboveField).Values);

        var broadcast = Refused(() => Market.MarketRules.ValidateBroadcast(consent: false, 0));
        Single(broadcast, "consentToCreditQuery", Reasons.ConsentRequired);

        var contact = Refused(() => Market.MarketRules.ValidateContact(null, null));
        Assert.Equal(Values(("allowed", "PHONE,VISIT,ONLINE")), Single(contact, "channel", Reasons.NotOneOf).Values);
    }

    [Fact]
    public void A_calendar_names_the_day_that_is_no_weekend_day_or_also_a_holiday_or_in_another_year()
    {
        // 5 January 2026 is a Monday; 3 January a Saturday.
        var problems = Refused(() => Market.Calendars.Validate(
            2026, ["2026-01-03", "2025-12-31"], ["2026-01-05", "2026-01-03"], "State Council notice", "operator", At));

        var notWeekend = Single(problems, "workingWeekendDays", Reasons.NotAWeekendDay);
        Assert.Equal(Values(("day", "2026-01-05")), notWeekend.Values);
        Assert.Equal("2026-01-05 is a Monday, not a weekend day", notWeekend.Description);
        Assert.Equal(Values(("day", "2026-01-03")), Single(problems, "workingWeekendDays", Reasons.AlsoAHoliday).Values);
        Assert.Equal(Values(("day", "2025-12-31"), ("year", "2026")), Single(problems, "holidays", Reasons.NotInYear).Values);
    }

    [Fact]
    public void A_repayment_on_a_loan_not_paid_out_is_refused_as_not_disbursed()
    {
        var loan = Ledger.LedgerRules.Approve("loan-1", Terms(granted: 100_000_000, contract: new(2026, 1, 5)), At);

        var problems = Refused(() => Ledger.LedgerRules.Repay(loan, new(2026, 2, 1), 1_000, 0, Today, "clerk", At));

        var problem = Single(problems, "loanId", Reasons.LoanNotDisbursed);
        Assert.Empty(problem.Values);
        Assert.Equal("has not been paid out: there is nothing to repay", problem.Description);
    }

    [Fact]
    public void The_ledgers_days_and_amounts_name_the_dates_and_fen_they_are_held_against()
    {
        var loan = Ledger.LedgerRules.Approve("loan-1", Terms(granted: 100_000_000, contract: new(2026, 1, 5)), At);
        var early = Refused(() => Ledger.LedgerRules.Disburse(loan, new(2026, 1, 4), 1, Today, "clerk", At, Classify));
        Assert.Equal(Values(("contractDate", "2026-01-05")), Single(early, "on", Reasons.BeforeContractDate).Values);
        var future = Refused(() => Ledger.LedgerRules.Disburse(loan, Today.AddDays(1), 1, Today, "clerk", At, Classify));
        Assert.Equal(Values(("today", "2026-06-30")), Single(future, "on", Reasons.DayInFuture).Values);

        loan = Ledger.LedgerRules.Disburse(loan, new(2026, 2, 1), 100_000_000, Today, "clerk", At, Classify);
        var more = Refused(() => Ledger.LedgerRules.Repay(loan, new(2026, 1, 20), 100_000_001, 0, Today, "clerk", At));
        Assert.Equal(Values(("latestEntryOn", "2026-02-01")), Single(more, "on", Reasons.BeforeLatestEntry).Values);
        Assert.Equal(Values(("outstanding", "100000000"), ("got", "100000001")), Single(more, "principalFen", Reasons.MoreThanOutstanding).Values);
        var full = Refused(() => Ledger.LedgerRules.Disburse(loan, new(2026, 3, 1), 1, Today, "clerk", At, Classify));
        Assert.Equal(Values(("grantedFen", "100000000")), Single(full, "amountFen", Reasons.LoanFullyDisbursed).Values);
        var nothing = Refused(() => Ledger.LedgerRules.Repay(loan, new(2026, 3, 1), 0, 0, Today, "clerk", At));
        Assert.Equal(Values(("fields", "principalFen,interestFen")), Single(nothing, "principalFen", Reasons.OneOfRequired).Values);
        var settle = Refused(() => Ledger.LedgerRules.Settle(loan, new(2026, 3, 1), Today, "clerk", At));
        Assert.Equal(Values(("outstandingFen", "100000000")), Single(settle, "loanId", Reasons.LoanStillOutstanding).Values);

        var settled = Ledger.LedgerRules.Repay(loan, new(2026, 3, 1), 100_000_000, 0, Today, "clerk", At);
        var closed = Refused(() => Ledger.LedgerRules.Repay(settled, new(2026, 3, 2), 1, 0, Today, "clerk", At));
        Assert.Equal(Values(("status", "SETTLED"), ("since", "2026-03-01")), Single(closed, "loanId", Reasons.LoanClosed).Values);
    }

    [Fact]
    public void An_explicit_plan_names_the_date_each_instalment_must_follow_and_the_balance_it_must_add_up_to()
    {
        var loan = Ledger.LedgerRules.Disburse(
            Ledger.LedgerRules.Approve("loan-1", Terms(granted: 1_000_000, contract: new(2026, 1, 5)), At), new(2026, 1, 5), 1_000_000, Today, "clerk", At, Classify);
        Ledger.Instalment[] plan = [new(1, new(2026, 3, 5), 400_000, 0), new(2, new(2026, 2, 5), 400_000, 0)];

        var problems = Refused(() => Ledger.LedgerRules.SetSchedule(loan, Ledger.ScheduleKind.Explicit, null, 12, plan, Today, "clerk", At));

        Assert.Equal(Values(("field", "instalments[0].dueOn"), ("min", "2026-03-05")), Single(problems, "instalments[1].dueOn", Reasons.NotAfterField).Values);
        Assert.Equal(Values(("expectedFen", "1000000"), ("gotFen", "800000")), Single(problems, "instalments", Reasons.SumNot).Values);
        Assert.Equal(
            Values(("when", "kind=EQUAL_INSTALMENT,EQUAL_PRINCIPAL,INTEREST_ONLY_BULLET")), Single(problems, "termMonths", Reasons.NotApplicable).Values);
    }

    [Fact]
    public void Funding_shares_that_do_not_add_up_to_the_whole_name_the_sum()
    {
        var request = new Subsidy.ProgramRequest(
            "Programme", 0, 100, 5000, 100_000_000, 12, 1_000_000_000, "1999-12-31", "1999-01-01", [], [], [],
            [new Subsidy.FundingShare("central", 6000), new Subsidy.FundingShare("province", 3000)], "13", 364);

        var problems = Refused(() => Subsidy.ProgramRules.Validate(request, new Caller(Roles.Official, "official-1", "13"), TimeProvider.System));

        var sum = Single(problems, "fundingShares", Reasons.SumNot);
        Assert.Equal(Values(("expectedBp", "10000"), ("gotBp", "9000")), sum.Values);
        Assert.Equal("must add up to 10000 bp (100 %); they add up to 9000", sum.Description);
        Assert.Equal(Values(("when", "rateRule=MIN_OF_FIXED_AND_SHARE")), Single(problems, "shareOfContractRateBp", Reasons.NotApplicable).Values);
        Assert.Equal(Values(("field", "contractFrom"), ("min", "1999-12-31")), Single(problems, "contractTo", Reasons.BelowField).Values);
        Assert.Equal(Values(("min", "2000-01-01"), ("max", "2100-12-31"), ("got", "1999-12-31")), Single(problems, "contractFrom", Reasons.DateOutOfRange).Values);
        Assert.Equal(Values(("allowed", "365,360"), ("got", "364")), Single(problems, "dayCountBasis", Reasons.NotOneOf).Values);
    }

    [Fact]
    public void A_claims_period_names_the_dates_it_runs_against()
    {
        // Contract 20 March 2025 for 12 months: the loan's term ends 20 March 2026.
        var deal = new Subsidy.Deal("app-1", "91130903MA0TESTXXX", "bank-a", "130903", "I65", SizeClass.Small, ProductKind.Credit, true,
            100_000_000, 345, 12, new DateOnly(2025, 3, 20));
        var programme = new Subsidy.SubsidyProgram(
            "p-1", "Programme", Subsidy.RateRule.Fixed, 100, 0, 100_000_000, 12, 1_000_000_000, new DateOnly(2025, 3, 16), new DateOnly(2026, 12, 31),
            new Subsidy.ProgramEligibility([], [], []), [new Subsidy.FundingShare("central", 10_000)], "13", 365, 0, 0, 1, "official", At);

        var problems = Refused(() => Subsidy.ClaimRules.CheckEligibility(programme, deal, new DateOnly(2025, 3, 1), new DateOnly(2026, 7, 1), Today));

        Assert.Equal(Values(("today", "2026-06-30"), ("claimOn", "2026-07-01")), Single(problems, "periodEnd", Reasons.InterestNotAccrued).Values);
        Assert.Equal(Values(("contractDate", "2025-03-20")), Single(problems, "periodStart", Reasons.BeforeContractDate).Values);
        Assert.Equal(Values(("endsOn", "2026-03-20")), Single(problems, "periodEnd", Reasons.BeyondLoanTerm).Values);

        var period = Refused(() => Subsidy.ClaimRules.ValidatePeriod("2026-04-01", "2026-04-01"));
        Assert.Equal(Values(("field", "periodStart"), ("min", "2026-04-01")), Single(period, "periodEnd", Reasons.NotAfterField).Values);
    }

    private static Ledger.LoanTerms Terms(long granted, DateOnly contract) =>
        new(Guid.NewGuid().ToString(), "product-1", "bank-1", "91130903MA0UXR02Q0", "130903", "C34", SizeClass.Small, ProductKind.Credit, granted, 435, 12,
            contract, true);

    private static Ledger.LoanClass Classify(Ledger.Loan loan, DateOnly on) => Ledger.LoanClasses.Classify(loan.Terms, earlierLoan: false, openCreditFen: 0);

    private static IReadOnlyList<FieldProblem> Refused(Action act)
    {
        var problems = Assert.Throws<RuleViolationException>(act).Problems;
        Assert.DoesNotContain(problems, p => p.Reason == "INVALID");
        return problems;
    }

    private static FieldProblem Single(IReadOnlyList<FieldProblem> problems, string field, string reason) =>
        Assert.Single(problems, p => p.Field == field && p.Reason == reason);

    private static Dictionary<string, string> Values(params (string Name, string Value)[] values) =>
        values.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
}
