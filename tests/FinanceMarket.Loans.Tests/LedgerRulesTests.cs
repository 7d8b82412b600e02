using FinanceMarket.Loans.Model;

namespace FinanceMarket.Loans.Tests;

// The ledger's rules with figures worked by hand (the arithmetic beside each expected figure).
public sealed class LedgerRulesTests
{
    internal static readonly DateTimeOffset At = new(2026, 6, 30, 2, 0, 0, TimeSpan.Zero);
    internal static readonly DateOnly Today = new(2026, 6, 30);

    [Fact]
    public void The_domain_example_an_early_repayment_splits_the_period_into_two_balances()
    {
        // 1,000,000 yuan paid out before the period; 400,000 yuan repaid on 15 February.
        var loan = Disbursed(Terms(granted: 100_000_000, contract: new(2025, 12, 20)), new(2025, 12, 20), 100_000_000);
        loan = LedgerRules.Repay(loan, new(2026, 2, 15), 40_000_000, 0, Today, "clerk", At);

        var segments = Balances.Segments(loan, new(2026, 1, 1), new(2026, 4, 1));
        // 1 January to 14 February: 31 + 14 = 45 days; 15 February to 31 March: 14 + 31 = 45 days.
        Assert.Equal(
            [(new DateOnly(2026, 1, 1), new DateOnly(2026, 2, 15), 100_000_000L, 45), (new DateOnly(2026, 2, 15), new DateOnly(2026, 4, 1), 60_000_000L, 45)],
            segments.Select(s => (s.From, s.To, s.PrincipalFen, s.Days)));
    }

    [Fact]
    public void Days_before_the_money_was_paid_out_and_after_it_was_repaid_carry_no_balance()
    {
        var loan = Disbursed(Terms(granted: 50_000_000, contract: new(2026, 1, 10)), new(2026, 1, 10), 50_000_000);
        loan = LedgerRules.Repay(loan, new(2026, 3, 1), 50_000_000, 12_345, Today, "clerk", At);

        Assert.Equal(LoanStatus.Settled, loan.Status);
        // 10 January (the day paid out counts) to 1 March (the day repaid does not): 22 + 28 = 50 days.
        Assert.Equal([(new DateOnly(2026, 1, 10), new DateOnly(2026, 3, 1), 50_000_000L, 50)],
            Balances.Segments(loan, new(2026, 1, 1), new(2026, 4, 1)).Select(s => (s.From, s.To, s.PrincipalFen, s.Days)));
        Assert.Equal(0, loan.BalanceFen);
    }

    [Fact]
    public void Equal_instalments_pay_the_same_each_month_and_add_up_to_the_principal()
    {
        // 1,000,000 yuan at 4.35 % over 12 months: r = 435 / 120,000 = 0.003625; payment = P·r·(1+r)^12 / ((1+r)^12 − 1) = 85,309.90 yuan.
        var plan = Schedules.Generate(ScheduleKind.EqualInstalment, 100_000_000, 435, new(2026, 1, 15), 12);
        Assert.Equal(8_530_990, Schedules.EqualPayment(100_000_000, 435, 12));
        // Month 1: interest 100,000,000 × 435 / 120,000 = 362,500; principal 8,530,990 − 362,500 = 8,168,490.
        Assert.Equal((new DateOnly(2026, 2, 15), 8_168_490L, 362_500L), (plan[0].DueOn, plan[0].PrincipalFen, plan[0].InterestFen));
        Assert.All(plan.Take(11), i => Assert.Equal(8_530_990, i.PrincipalFen + i.InterestFen));
        Assert.Equal(100_000_000, plan.Sum(i => i.PrincipalFen));
        // The last takes what is left: 8,500,176 with interest 30,813.
        Assert.Equal((12, 8_500_176L, 30_813L), (plan[^1].Number, plan[^1].PrincipalFen, plan[^1].InterestFen));
    }

    [Fact]
    public void Equal_principal_and_interest_only_plans()
    {
        // 1,000,000 fen over 3 months at 600 bp: 333,333 a month and the last 333,334; interest 1,000,000 × 600 / 120,000 = 5,000, then 3,333.33 → 3,333, 1,666.67 → 1,667.
        var equal = Schedules.Generate(ScheduleKind.EqualPrincipal, 1_000_000, 600, new(2026, 1, 31), 3);
        Assert.Equal([333_333L, 333_333L, 333_334L], equal.Select(i => i.PrincipalFen));
        Assert.Equal([5_000L, 3_333L, 1_667L], equal.Select(i => i.InterestFen));
        // Due monthly from the 31st: February has 28 days, so the day is the month's last.
        Assert.Equal([new DateOnly(2026, 2, 28), new DateOnly(2026, 3, 31), new DateOnly(2026, 4, 30)], equal.Select(i => i.DueOn));

        var bullet = Schedules.Generate(ScheduleKind.InterestOnlyBullet, 1_000_000, 600, new(2026, 1, 31), 3);
        Assert.Equal([0L, 0L, 1_000_000L], bullet.Select(i => i.PrincipalFen));
        Assert.Equal([5_000L, 5_000L, 5_000L], bullet.Select(i => i.InterestFen));
    }

    [Fact]
    public void Two_tranches_never_more_than_granted()
    {
        var loan = LedgerRules.Approve("loan-1", Terms(granted: 100_000_000, contract: new(2026, 1, 5)), At);
        loan = LedgerRules.Disburse(loan, new(2026, 1, 5), 60_000_000, Today, "clerk", At, Classify);
        loan = LedgerRules.Disburse(loan, new(2026, 2, 5), 40_000_000, Today, "clerk", At, Classify);
        Assert.Equal((LoanStatus.Active, 100_000_000L, 100_000_000L), (loan.Status, loan.DisbursedFen, loan.BalanceFen));

        Refused(() => LedgerRules.Disburse(loan, new(2026, 3, 5), 1, Today, "clerk", At, Classify), "amountFen");
        var fresh = LedgerRules.Approve("loan-2", Terms(granted: 100_000_000, contract: new(2026, 1, 5)), At);
        Refused(() => LedgerRules.Disburse(fresh, new(2026, 1, 4), 1, Today, "clerk", At, Classify), "on");
        Refused(() => LedgerRules.Disburse(fresh, Today.AddDays(1), 1, Today, "clerk", At, Classify), "on");
        Refused(() => LedgerRules.Disburse(fresh, new(2026, 1, 5), 100_000_001, Today, "clerk", At, Classify), "amountFen");
        Refused(() => LedgerRules.Disburse(fresh, null, 1, Today, "clerk", At, Classify), "on");
    }

    [Fact]
    public void Impossible_repayments_are_refused_by_field()
    {
        var approved = LedgerRules.Approve("loan-1", Terms(granted: 100_000_000, contract: new(2026, 1, 5)), At);
        Refused(() => LedgerRules.Repay(approved, new(2026, 2, 1), 1, 0, Today, "clerk", At), "loanId");

        var loan = LedgerRules.Disburse(approved, new(2026, 2, 1), 50_000_000, Today, "clerk", At, Classify);
        Refused(() => LedgerRules.Repay(loan, new(2026, 2, 2), 50_000_001, 0, Today, "clerk", At), "principalFen");
        Refused(() => LedgerRules.Repay(loan, new(2026, 1, 31), 1, 0, Today, "clerk", At), "on");
        Refused(() => LedgerRules.Repay(loan, new(2026, 2, 2), 0, 0, Today, "clerk", At), "principalFen");
        Refused(() => LedgerRules.Repay(loan, new(2026, 2, 2), -1, 0, Today, "clerk", At), "principalFen");
        Refused(() => LedgerRules.Repay(loan, new(2026, 2, 2), 1, -1, Today, "clerk", At), "interestFen");

        // Half of it paid out and all of that repaid: the loan stays open for the second tranche.
        var between = LedgerRules.Repay(loan, new(2026, 3, 1), 50_000_000, 0, Today, "clerk", At);
        Assert.Equal((LoanStatus.Active, 0L), (between.Status, between.BalanceFen));
        var settled = LedgerRules.Settle(between, new(2026, 3, 2), Today, "clerk", At);
        Assert.Equal((LoanStatus.Settled, new DateOnly(2026, 3, 2)), (settled.Status, settled.ClosedOn));
        Refused(() => LedgerRules.Repay(settled, new(2026, 3, 3), 0, 100, Today, "clerk", At), "loanId");
        Refused(() => LedgerRules.Settle(loan, new(2026, 3, 2), Today, "clerk", At), "loanId");
    }

    [Fact]
    public void A_missed_principal_makes_the_loan_overdue_from_the_next_day_until_it_is_paid()
    {
        // 3,000,000 fen over 3 months from 31 January: 1,000,000 due 28 February, 31 March, 30 April.
        var loan = Disbursed(Terms(granted: 3_000_000, contract: new(2026, 1, 31), rateBp: 0), new(2026, 1, 31), 3_000_000);
        loan = LedgerRules.SetSchedule(loan, ScheduleKind.EqualPrincipal, null, 3, [], Today, "clerk", At);
        loan = LedgerRules.Repay(loan, new(2026, 2, 27), 1_000_000, 0, Today, "clerk", At);

        // Nothing repaid by 31 March: on 31 March the loan is current, from 1 April overdue.
        Assert.Null(LedgerRules.MissedDueOn(loan, new(2026, 3, 31)));
        Assert.Equal(LoanStatus.Active, LedgerRules.CatchUp(loan, new(2026, 3, 31), At).Status);
        var overdue = LedgerRules.CatchUp(loan, new(2026, 4, 1), At);
        Assert.Equal((LoanStatus.Overdue, new DateOnly(2026, 3, 31)), (overdue.Status, overdue.OverdueDueOn));
        Assert.Equal((EntryKind.BecameOverdue, new DateOnly(2026, 4, 1), 2_000_000L), (overdue.Entries[^1].Kind, overdue.Entries[^1].On, overdue.Entries[^1].PrincipalFen));
        Assert.Equal(10, LedgerRules.DaysPastDue(overdue, new(2026, 4, 10)));

        // A repayment dated later catches up first: part of the missed principal leaves it overdue ...
        var partly = LedgerRules.Repay(loan, new(2026, 4, 10), 400_000, 0, Today, "clerk", At);
        Assert.Equal([EntryKind.BecameOverdue, EntryKind.Repaid], partly.Entries.TakeLast(2).Select(e => e.Kind));
        Assert.Equal(LoanStatus.Overdue, partly.Status);
        // ... and the rest cures it.
        var cured = LedgerRules.Repay(partly, new(2026, 4, 12), 600_000, 0, Today, "clerk", At);
        Assert.Equal((LoanStatus.Active, EntryKind.Cured), (cured.Status, cured.Entries[^1].Kind));

        // The overdue balance rose by the 2,000,000 outstanding, fell by each repayment while overdue, and by the
        // 1,000,000 still owed (not yet due) at the cure: back to 0.
        var events = LoanEvents.Since(cured, 0);
        Assert.Equal([2_000_000L, -400_000L, -600_000L, -1_000_000L], events.Where(e => e.OverdueDeltaFen != 0).Select(e => e.OverdueDeltaFen));
        Assert.Equal(cured.BalanceFen, events.Sum(e => e.BalanceDeltaFen));
        Assert.Equal(1_000_000, cured.BalanceFen);

        // A repayment cannot be dated before the day the loan fell overdue.
        Refused(() => LedgerRules.Repay(overdue, new(2026, 3, 31), 1_000_000, 0, Today, "clerk", At), "on");
    }

    [Fact]
    public void A_renewal_takes_the_balance_over_and_the_old_loan_ends()
    {
        var loan = Disbursed(Terms(granted: 100_000_000, contract: new(2025, 7, 1)), new(2025, 7, 1), 100_000_000);
        loan = LedgerRules.Repay(loan, new(2026, 1, 2), 20_000_000, 0, Today, "clerk", At);
        var (old, renewal) = LedgerRules.Renew(loan, "loan-2", new(2026, 6, 30), 12, RenewalKind.NoRepaymentRenewal, 380, Today, "clerk", At, Classify);

        Assert.Equal((LoanStatus.Renewed, 0L, "loan-2"), (old.Status, old.BalanceFen, old.RenewedInto));
        Assert.Equal((LoanStatus.Active, 80_000_000L, loan.LoanId, 380, 12), (renewal.Status, renewal.BalanceFen, renewal.RenewalOf, renewal.Terms.RateBp, renewal.Terms.TermMonths));
        Assert.Equal((false, true), (renewal.Class!.FirstLoan, renewal.Class.Renewal));
        // The balance moves, it is not paid out or repaid: −80,000,000 on the old loan, +80,000,000 on the new.
        Assert.Equal(-80_000_000, LoanEvents.Since(old, loan.Version).Single().BalanceDeltaFen);
        Assert.Equal(("TOOK_OVER", 80_000_000L, "NO_REPAYMENT_RENEWAL"),
            (LoanEvents.Since(renewal, 0).Single().Kind, LoanEvents.Since(renewal, 0).Single().BalanceDeltaFen, LoanEvents.Since(renewal, 0).Single().RenewalKind));
        // A renewal pays nothing more out.
        Refused(() => LedgerRules.Disburse(renewal, Today, 1, Today, "clerk", At, Classify), "loanId");

        Refused(() => LedgerRules.Renew(old, "loan-3", Today, 12, RenewalKind.NoRepaymentRenewal, 380, Today, "clerk", At, Classify), "loanId");
        Refused(() => LedgerRules.Renew(loan, "loan-3", Today, 0, 0, -1, Today, "clerk", At, Classify), "newTermMonths", "renewalKind", "rateBp");
    }

    [Fact]
    public void An_overdue_loan_is_not_renewed_and_a_write_off_ends_what_is_owed()
    {
        var loan = Disbursed(Terms(granted: 1_200_000, contract: new(2026, 1, 1), rateBp: 0), new(2026, 1, 1), 1_200_000);
        loan = LedgerRules.SetSchedule(loan, ScheduleKind.EqualPrincipal, null, 12, [], Today, "clerk", At);
        Refused(() => LedgerRules.Renew(loan, "loan-2", new(2026, 3, 1), 12, RenewalKind.NoRepaymentRenewal, 380, Today, "clerk", At, Classify), "on");

        Refused(() => LedgerRules.WriteOff(loan, new(2026, 6, 1), " ", Today, "clerk", At), "reason");
        var written = LedgerRules.WriteOff(loan, new(2026, 6, 1), "破产清算", Today, "clerk", At);
        Assert.Equal((LoanStatus.WrittenOff, 0L, "破产清算"), (written.Status, written.BalanceFen, written.Entries[^1].Note));
        // It had fallen overdue on 1 February (the first 100,000 due 1 February ... due days are the 1st): the
        // write-off takes the whole 1,200,000 off the overdue balance too.
        var events = LoanEvents.Since(written, 0);
        Assert.Equal(0, events.Sum(e => e.OverdueDeltaFen));
        Assert.Equal(0, events.Sum(e => e.BalanceDeltaFen));
    }

    [Fact]
    public void An_explicit_plan_must_add_up_to_the_balance_in_date_order()
    {
        var loan = Disbursed(Terms(granted: 1_000_000, contract: new(2026, 1, 1)), new(2026, 1, 1), 1_000_000);
        var ok = LedgerRules.SetSchedule(loan, ScheduleKind.Explicit, null, 0,
            [new Instalment(0, new(2026, 4, 1), 400_000, 9_000), new Instalment(0, new(2026, 7, 1), 600_000, 6_000)], Today, "clerk", At);
        Assert.Equal([1, 2], ok.Schedule!.Instalments.Select(i => i.Number));

        Refused(() => LedgerRules.SetSchedule(loan, ScheduleKind.Explicit, null, 0,
            [new Instalment(0, new(2026, 7, 1), 400_000, 0), new Instalment(0, new(2026, 4, 1), 500_000, 0)], Today, "clerk", At),
            "instalments[1].dueOn", "instalments");
        Refused(() => LedgerRules.SetSchedule(loan, ScheduleKind.Explicit, null, 0, [], Today, "clerk", At), "instalments");
        Refused(() => LedgerRules.SetSchedule(loan, 0, null, 0, [], Today, "clerk", At), "kind");
        Refused(() => LedgerRules.SetSchedule(LedgerRules.Approve("x", Terms(1, new(2026, 1, 1)), At), ScheduleKind.EqualPrincipal, null, 0, [], Today, "clerk", At), "loanId");
    }

    [Fact]
    public void The_statistics_class_a_loan_at_its_first_disbursement()
    {
        var small = Terms(granted: 900_000_000, contract: new(2026, 1, 1)) with { SizeClass = SizeClass.Small, ProductKind = ProductKind.Credit };
        Assert.Equal(new LoanClass(true, true, true, false), LoanClasses.Classify(small, earlierLoan: false, openCreditFen: 0));
        // 9 million granted here and 1,000,001 yuan elsewhere: over the 10 million yuan of 普惠小微.
        Assert.False(LoanClasses.Classify(small, false, 100_000_100).InclusiveSmallMicro);
        Assert.False(LoanClasses.Classify(small with { SizeClass = SizeClass.Medium, ProductKind = ProductKind.Mortgage }, true, 0).InclusiveSmallMicro);
        // An individual business (92...) counts whatever its size class.
        Assert.True(LoanClasses.Classify(small with { SizeClass = SizeClass.Medium, Uscc = "92130903MA0UXR02Q0" }, true, 0).InclusiveSmallMicro);
        Assert.Equal((false, false), (LoanClasses.Classify(small with { ProductKind = ProductKind.Guarantee }, true, 0).FirstLoan,
            LoanClasses.Classify(small with { ProductKind = ProductKind.Guarantee }, true, 0).CreditLoan));

        // Only the loan's first money paid out counts it as disbursed.
        var loan = LedgerRules.Approve("loan-1", small, At);
        loan = LedgerRules.Disburse(loan, new(2026, 1, 1), 1, Today, "clerk", At, Classify);
        loan = LedgerRules.Disburse(loan, new(2026, 1, 2), 1, Today, "clerk", At, Classify);
        Assert.Equal([true, false], LoanEvents.Since(loan, 0).Select(e => e.FirstDisbursement));
    }

    internal static LoanTerms Terms(long granted, DateOnly contract, int rateBp = 435) =>
        new(Guid.NewGuid().ToString(), "product-1", "bank-1", "91130903MA0UXR02Q0", "130903", "C34", SizeClass.Small, ProductKind.Credit, granted, rateBp, 12,
            contract, true);

    internal static Loan Disbursed(LoanTerms terms, DateOnly on, long amount) =>
        LedgerRules.Disburse(LedgerRules.Approve(Guid.NewGuid().ToString(), terms, At), on, amount, Today, "clerk", At, Classify);

    internal static LoanClass Classify(Loan loan, DateOnly on) => LoanClasses.Classify(loan.Terms, earlierLoan: false, openCreditFen: 0);

    private static void Refused(Action act, params string[] fields)
    {
        var ex = Assert.Throws<RuleViolationException>(act);
        Assert.Equal(fields, ex.Problems.Select(p => p.Field).Distinct());
    }
}
