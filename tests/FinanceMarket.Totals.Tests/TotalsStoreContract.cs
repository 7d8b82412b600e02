using FinanceMarket.TestInfrastructure;
using FinanceMarket.IntegrationEvents;
using FinanceMarket.Totals;
using FinanceMarket.Totals.Infrastructure;
using FinanceMarket.Totals.Model;
using Microsoft.Extensions.DependencyInjection;

namespace FinanceMarket.StoreContracts;

// One contract, both stores (SQLite, and Redis with its Lua script on a real redis-server): events applied
// exactly once in effect, rolled up the region hierarchy, distinct counts exact, outcomes counted once.
public abstract class TotalsStoreContract(StoreKind kind) : StoreContract(kind, TotalsApp.Build)
{
    private readonly string _expectedStore = kind == StoreKind.Redis ? "RedisTotalsStore" : "SqliteTotalsStore";

    [Fact]
    public async Task The_same_event_twice_changes_nothing_the_second_time()
    {
        var store = await StoreAsync();
        var approved = Approved("app-1", "91130903MA0AAAAAAA", 50_000_000);
        Assert.True(await store.ApplyAsync(TotalsRules.Approved(approved), Cancel));
        Assert.False(await store.ApplyAsync(TotalsRules.Approved(approved), Cancel));

        Assert.Equal(Figures.Zero with { MatchedDeals = 1, CreditGrantedFen = 50_000_000, EnterprisesServed = 1 }, await store.GetAsync("130903", Cancel));
    }

    [Fact]
    public async Task A_Yunhe_deal_counts_in_Yunhe_Cangzhou_and_Hebei_and_nowhere_else()
    {
        var store = await StoreAsync();
        await store.ApplyAsync(TotalsRules.Approved(Approved("app-1", "91130903MA0AAAAAAA", 50_000_000)), Cancel);
        foreach (var region in new[] { "130903", "1309", "13" })
        {
            Assert.Equal(1, (await store.GetAsync(region, Cancel)).MatchedDeals);
        }

        Assert.Equal(Figures.Zero, await store.GetAsync("1301", Cancel));
        Assert.Equal(Figures.Zero, await store.GetAsync("130902", Cancel));
    }

    [Fact]
    public async Task Enterprises_served_is_an_exact_distinct_count()
    {
        var store = await StoreAsync();
        await store.ApplyAsync(TotalsRules.Approved(Approved("app-1", "91130903MA0AAAAAAA", 10_000_000)), Cancel);
        await store.ApplyAsync(TotalsRules.Approved(Approved("app-2", "91130903MA0AAAAAAA", 20_000_000)), Cancel);
        await store.ApplyAsync(TotalsRules.Approved(Approved("app-3", "91130903MA0BBBBBBB", 30_000_000)), Cancel);

        var figures = await store.GetAsync("13", Cancel);
        Assert.Equal((3L, 60_000_000L, 2L), (figures.MatchedDeals, figures.CreditGrantedFen, figures.EnterprisesServed));
    }

    [Fact]
    public async Task A_loan_s_principal_is_subsidised_once_per_programme_however_many_periods_are_paid()
    {
        var store = await StoreAsync();
        await store.ApplyAsync(TotalsRules.Paid(Paid("claim-1", "program-1", "app-1", 249_315)), Cancel);
        await store.ApplyAsync(TotalsRules.Paid(Paid("claim-2", "program-1", "app-1", 252_055)), Cancel);
        await store.ApplyAsync(TotalsRules.Paid(Paid("claim-3", "program-2", "app-1", 10_000)), Cancel);

        var figures = await store.GetAsync("130903", Cancel);
        Assert.Equal((3L, 249_315L + 252_055L + 10_000L, 2 * 100_000_000L), (figures.SubsidyClaimsPaid, figures.SubsidyPaidFen, figures.SubsidisedPrincipalFen));
    }

    [Fact]
    public async Task An_application_ends_once_a_late_rejection_or_expiry_after_an_approval_changes_nothing()
    {
        var store = await StoreAsync();
        await store.ApplyAsync(TotalsRules.Submitted(Submitted("app-1")), Cancel);
        await store.ApplyAsync(TotalsRules.Approved(Approved("app-1", "91130903MA0AAAAAAA", 10_000_000)), Cancel);
        Assert.True(await store.ApplyAsync(TotalsRules.Rejected(Rejected("app-1")), Cancel));
        Assert.True(await store.ApplyAsync(TotalsRules.Expired(Expired("app-1")), Cancel));
        // A rejection that arrives before the submission still counts once, as the application's outcome.
        await store.ApplyAsync(TotalsRules.Rejected(Rejected("app-2")), Cancel);
        await store.ApplyAsync(TotalsRules.Submitted(Submitted("app-2")), Cancel);

        var figures = await store.GetAsync("130903", Cancel);
        Assert.Equal((2L, 1L, 1L), (figures.Applications, figures.MatchedDeals, figures.Rejected));
    }

    [Fact]
    public async Task Breakdowns_list_each_bank_district_industry_and_month_under_the_region()
    {
        var store = await StoreAsync();
        await store.ApplyAsync(TotalsRules.Approved(Approved("app-1", "91130903MA0AAAAAAA", 10_000_000, bank: "ccb", region: "130903", industry: "C34", contract: "2026-10-09")), Cancel);
        await store.ApplyAsync(TotalsRules.Approved(Approved("app-2", "91130902MA0BBBBBBB", 20_000_000, bank: "icbc", region: "130902", industry: "F52", contract: "2026-11-02")), Cancel);
        await store.ApplyAsync(TotalsRules.Approved(Approved("app-3", "91130903MA0CCCCCCC", 30_000_000, bank: "ccb", region: "130903", industry: "C13", contract: "2026-11-20")), Cancel);
        await store.ApplyAsync(TotalsRules.Approved(Approved("app-4", "91130102MA0DDDDDDD", 40_000_000, bank: "ccb", region: "130102", industry: "C13", contract: "2026-11-20")), Cancel);

        async Task<List<(string, long)>> Rows(string region, Dimension by) =>
            [.. (await store.BreakdownAsync(region, by, Cancel)).Select(r => (r.Key, r.Figures.CreditGrantedFen))];

        Assert.Equal([("ccb", 40_000_000L), ("icbc", 20_000_000L)], await Rows("1309", Dimension.Bank));
        Assert.Equal([("130902", 20_000_000L), ("130903", 40_000_000L)], await Rows("1309", Dimension.Region));
        Assert.Equal([("C", 40_000_000L), ("F", 20_000_000L)], await Rows("1309", Dimension.Industry));
        Assert.Equal([("2026-10", 10_000_000L), ("2026-11", 50_000_000L)], await Rows("1309", Dimension.Month));
        Assert.Equal([("ccb", 80_000_000L), ("icbc", 20_000_000L)], await Rows("13", Dimension.Bank));
        Assert.Empty(await Rows("1101", Dimension.Bank));
    }

    // A small firm's first loan, on credit: 600,000 yuan paid out in January and 400,000 in February, 300,000
    // repaid in March, a payment missed in March and made good in April, renewed without repaying in May into a
    // loan at another bank. Lines arrive out of order and twice; each month ends on its own balance.
    [Fact]
    public async Task Loan_lines_keep_the_flows_of_each_month_and_the_balances_at_its_end()
    {
        var store = await StoreAsync();
        LoanEntryRecordedIntegrationEvent[] lines =
        [
            Line("loan-1", 2, "DISBURSED", "2026-01-10", 60_000_000, 60_000_000, 0, firstDisbursement: true),
            Line("loan-1", 3, "DISBURSED", "2026-02-10", 40_000_000, 40_000_000, 0),
            Line("loan-1", 4, "REPAID", "2026-03-10", 30_000_000, -30_000_000, 0, interestFen: 1_234_567),
            Line("loan-1", 5, "BECAME_OVERDUE", "2026-03-25", 0, 0, 70_000_000),
            Line("loan-1", 6, "CURED", "2026-04-02", 0, 0, -70_000_000),
            Line("loan-1", 7, "RENEWED_INTO", "2026-05-06", 70_000_000, -70_000_000, 0),
            Line("loan-2", 1, "TOOK_OVER", "2026-05-06", 70_000_000, 70_000_000, 0, bank: "icbc", renewal: "NO_REPAYMENT_RENEWAL", firstLoan: false),
        ];
        foreach (var line in lines.Reverse().Concat(lines))
        {
            await store.ApplyAsync(TotalsRules.LoanEntry(line), Cancel);
        }

        var today = await store.GetAsync("13", Cancel);
        Assert.Equal(
            (1L, 100_000_000L, 100_000_000L, 1L, 100_000_000L, 70_000_000L, 70_000_000L, 70_000_000L, 0L),
            (today.LoansDisbursed, today.DisbursedFen, today.CreditLoanDisbursedFen, today.FirstLoanFirms, today.FirstLoanFen, today.LoanBalanceFen,
                today.InclusiveBalanceFen, today.CreditLoanBalanceFen, today.OverdueBalanceFen));
        Assert.Equal((30_000_000L, 1_234_567L, 1L, 70_000_000L, 1L, 70_000_000L), (today.RepaidPrincipalFen, today.RepaidInterestFen, today.Renewals,
            today.RenewedFen, today.NoRepaymentRenewals, today.NoRepaymentRenewedFen));

        var months = Months.WithBalances(await store.BreakdownAsync("1309", Dimension.Month, Cancel));
        Assert.Equal(
            [("2026-01", 60_000_000L, 60_000_000L, 0L), ("2026-02", 40_000_000L, 100_000_000L, 0L), ("2026-03", 0L, 70_000_000L, 70_000_000L),
                ("2026-04", 0L, 70_000_000L, 0L), ("2026-05", 0L, 70_000_000L, 0L)],
            months.Select(m => (m.Month, m.Figures.DisbursedFen, m.Figures.LoanBalanceFen, m.Figures.OverdueBalanceFen)));

        // Each bank in one month: the balance moved from ccb to icbc in May (ccb, left with nothing, is left out);
        // in March only ccb held it.
        Assert.Equal([("ccb", 70_000_000L, 30_000_000L)], (await store.InMonthAsync("130903", Dimension.Bank, "2026-03", Cancel))
            .Select(r => (r.Key, r.Figures.LoanBalanceFen, r.Figures.RepaidPrincipalFen)));
        Assert.Equal([("icbc", 70_000_000L, 1L)], (await store.InMonthAsync("130903", Dimension.Bank, "2026-05", Cancel))
            .Select(r => (r.Key, r.Figures.LoanBalanceFen, r.Figures.Renewals)));

        // The banks' breakdown lists banks, not their months.
        Assert.Equal(["ccb", "icbc"], (await store.BreakdownAsync("13", Dimension.Bank, Cancel)).Select(r => r.Key));
    }

    [Fact]
    public async Task Concurrent_and_repeated_deliveries_add_up_exactly()
    {
        var store = await StoreAsync();
        var events = Enumerable.Range(0, 100).Select(i => Approved($"app-{i}", $"91130903MA0{i:D7}", 1_000 + i)).ToList();
        await Task.WhenAll(events.Concat(events).Select(e => store.ApplyAsync(TotalsRules.Approved(e), Cancel)));

        var figures = await store.GetAsync("13", Cancel);
        Assert.Equal((100L, events.Sum(e => e.GrantedAmountFen), 100L), (figures.MatchedDeals, figures.CreditGrantedFen, figures.EnterprisesServed));
    }

    // Amounts past 2^53 still add up exactly, beside small ones arriving in the same moment.
    [Fact]
    public async Task Amounts_too_large_for_a_double_add_up_to_the_fen()
    {
        var store = await StoreAsync();
        var events = new[] { 3_000_000_000_000_000_001L, 3_000_000_000_000_000_003L, 1L, 999_999_999_999L }
            .Select((amount, i) => Approved($"app-{i}", $"91130903MA0{i:D7}", amount)).ToList();
        await Task.WhenAll(events.Select(e => store.ApplyAsync(TotalsRules.Approved(e), Cancel)));

        Assert.Equal(6_000_000_000_000_000_004L + 1L + 999_999_999_999L, (await store.GetAsync("13", Cancel)).CreditGrantedFen);
    }

    [Fact]
    public async Task Scorecard_rows_keep_every_bank_s_counters_per_region_and_day_once_and_beside_the_figures()
    {
        var store = await StoreAsync();
        var taken = new NeedTakenIntegrationEvent("need-1", 1, "2026-11-02", 95, false) { About = new("app-1", "product-1", "ccb", "91130903MA0AAAAAAA", "130903", "C34") };
        var contacted = new ApplicationContactedIntegrationEvent("PHONE", "2026-11-03", "2026-11-05", 1_500) { About = taken.About };
        var rejected = Rejected("app-1") with { Code = "COLLATERAL", WorkingMinutesToDecide = 2_000 };
        Assert.True(await store.ApplyAsync(Scorecards.Taken(taken), Cancel));
        Assert.False(await store.ApplyAsync(Scorecards.Taken(taken), Cancel));
        Assert.True(await store.ApplyAsync(Scorecards.Contacted(contacted), Cancel));
        Assert.True(await store.ApplyAsync(TotalsRules.Rejected(rejected), Cancel));
        Assert.True(await store.ApplyAsync(Scorecards.Rejected(rejected), Cancel));
        // An application's outcome counts once on the scorecard too.
        Assert.True(await store.ApplyAsync(Scorecards.Expired(Expired("app-1")), Cancel));
        Assert.True(await store.ApplyAsync(Scorecards.Overdue(new ServiceStepOverdueIntegrationEvent(
            "step-1", "TAKE", "need-2", null, null, "91130903MA0BBBBBBB", "130903", "C34", "2026-11-03", "2026-11-04")), Cancel));

        var rows = await store.ScoreRowsAsync("1309", new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), Cancel);
        Assert.Equal(["2026-11-02", "2026-11-03", "2026-11-04"], rows.Select(r => r.Day));
        Assert.Equal(new Dictionary<string, long> { ["ccb|needsTaken"] = 1, ["ccb|take:95"] = 1 }, rows[0].Counters);
        Assert.Equal(new Dictionary<string, long>
        {
            ["ccb|contacted"] = 1, ["ccb|contact:1500"] = 1, ["ccb|rejected"] = 1, ["ccb|rejected:COLLATERAL"] = 1, ["ccb|decide:2000"] = 1,
        }, rows[1].Counters);
        Assert.Equal(new Dictionary<string, long> { ["|overdueSteps"] = 1, ["|overdue:TAKE"] = 1 }, rows[2].Counters);
        Assert.Single(await store.ScoreRowsAsync("13", new DateOnly(2026, 11, 3), new DateOnly(2026, 11, 3), Cancel));
        Assert.Empty(await store.ScoreRowsAsync("1301", new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30), Cancel));
        Assert.Equal(Figures.Zero with { Rejected = 1 }, await store.GetAsync("130903", Cancel));
    }

    private async Task<ITotalsStore> StoreAsync()
    {
        var store = (await Store.OpenAsync()).GetRequiredService<ITotalsStore>();
        Assert.Equal(_expectedStore, store.GetType().Name);
        return store;
    }

    private static ApplicationApprovedIntegrationEvent Approved(string application, string uscc, long amountFen, string bank = "ccb", string region = "130903", string industry = "C34", string contract = "2026-11-02") =>
        new("SMALL", "CREDIT", amountFen, 345, 12, contract, true) { About = new(application, "product-1", bank, uscc, region, industry) };

    private static LoanEntryRecordedIntegrationEvent Line(
        string loan, int sequence, string kind, string on, long principalFen, long balanceDeltaFen, long overdueDeltaFen, long interestFen = 0, string bank = "ccb",
        bool firstDisbursement = false, string? renewal = null, bool firstLoan = true) =>
        new(loan, "app-" + loan, bank, "92130903MA0AAAAAAA", "130903", "C34", "MICRO", "CREDIT", sequence, kind, on, principalFen, interestFen, 0, balanceDeltaFen,
            overdueDeltaFen, "ACTIVE")
        {
            FirstLoan = firstLoan,
            CreditLoan = true,
            InclusiveSmallMicro = true,
            Renewal = renewal is not null,
            FirstDisbursement = firstDisbursement,
            RenewalKind = renewal,
        };

    private static ApplicationSubmittedIntegrationEvent Submitted(string application) =>
        new("need-1", "CREDIT", 10_000_000, "2026-11-01", "2026-11-04") { About = new(application, "product-1", "ccb", "91130903MA0AAAAAAA", "130903", "C34") };

    private static ApplicationRejectedIntegrationEvent Rejected(string application) =>
        new("Debt ratio", "2026-11-03") { About = new(application, "product-1", "ccb", "91130903MA0AAAAAAA", "130903", "C34") };

    private static ApplicationExpiredIntegrationEvent Expired(string application) =>
        new("2026-11-04") { About = new(application, "product-1", "ccb", "91130903MA0AAAAAAA", "130903", "C34") };

    private static SubsidyPaidIntegrationEvent Paid(string claim, string program, string application, long amountFen) =>
        new(100_000_000, "2026-11-20", [new PayerAmount("central", 9000, amountFen - (amountFen / 10)), new PayerAmount("province", 1000, amountFen / 10)])
        {
            About = new(claim, program, application, "91130903MA0AAAAAAA", "ccb", "130903", "C34", amountFen),
        };
}

public sealed class SqliteTotalsStoreTests() : TotalsStoreContract(StoreKind.Sqlite);

public sealed class RedisTotalsStoreTests() : TotalsStoreContract(StoreKind.Redis);
