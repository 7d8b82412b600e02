using FinanceMarket.Loans;
using FinanceMarket.Loans.Model;
using FinanceMarket.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;
using static FinanceMarket.Loans.Tests.LedgerRulesTests;

namespace FinanceMarket.StoreContracts;

// One contract, every adapter: a loan is opened once however often its approval comes, a write lands only on
// the version it read (with its events, or not at all), a renewal writes both loans or neither, the lists
// page newest first by enterprise, bank and region, and the daily check finds exactly the loans past a due day.
public abstract class LoanStoreContract(StoreKind kind) : StoreContract(kind, LoansApp.Build)
{
    [Fact]
    public async Task A_loan_is_opened_once_and_written_only_on_the_version_it_was_read_at()
    {
        var services = await Store.OpenAsync();
        var store = services.GetRequiredService<ILoanStore>();
        var opened = LedgerRules.Approve(Guid.NewGuid().ToString(), Terms(100_000_000, new(2026, 1, 5)), At);
        Assert.True(await store.OpenAsync(opened, Cancel));
        Assert.False(await store.OpenAsync(opened with { CreatedAt = At.AddDays(1) }, Cancel));
        Assert.Equal(At, (await store.FindAsync(opened.LoanId, Cancel))!.CreatedAt);

        var paid = LedgerRules.Disburse(opened, new(2026, 1, 5), 60_000_000, Today, "clerk", At, Classify);
        Assert.True(await store.SaveAsync([new LoanWrite(paid, opened.Version)], [.. LoanEvents.Since(paid, opened.Version)], Cancel));
        Assert.Equal([nameof(LoanEntryRecordedIntegrationEvent)], await PendingTopicsAsync(services));

        // A second clerk who read the loan before the disbursement loses, and nothing of theirs is kept.
        var stale = LedgerRules.Disburse(opened, new(2026, 1, 6), 40_000_000, Today, "other", At, Classify);
        Assert.False(await store.SaveAsync([new LoanWrite(stale, opened.Version)], [.. LoanEvents.Since(stale, opened.Version)], Cancel));
        var kept = (await store.FindAsync(opened.LoanId, Cancel))!;
        Assert.Equal((60_000_000L, 1, LoanStatus.Active), (kept.BalanceFen, kept.Version, kept.Status));
        Assert.Empty(await PendingTopicsAsync(services));
    }

    [Fact]
    public async Task A_renewal_writes_both_loans_or_neither()
    {
        var store = (await Store.OpenAsync()).GetRequiredService<ILoanStore>();
        var loan = Disbursed(Terms(100_000_000, new(2025, 7, 1)), new(2025, 7, 1), 100_000_000);
        Assert.True(await store.OpenAsync(loan, Cancel));
        var (old, renewal) = LedgerRules.Renew(loan, Guid.NewGuid().ToString(), Today, 12, RenewalKind.NoRepaymentRenewal, 380, Today, "clerk", At, Classify);

        // The renewal's id taken already: the old loan is not ended either.
        Assert.True(await store.OpenAsync(renewal, Cancel));
        Assert.False(await store.SaveAsync([new LoanWrite(old, loan.Version), new LoanWrite(renewal with { CreatedAt = At.AddSeconds(1) }, null)], [], Cancel));
        Assert.Equal(LoanStatus.Active, (await store.FindAsync(loan.LoanId, Cancel))!.Status);

        var (old2, renewal2) = LedgerRules.Renew(loan, Guid.NewGuid().ToString(), Today, 12, RenewalKind.RepayThenRenew, 380, Today, "clerk", At, Classify);
        Assert.True(await store.SaveAsync([new LoanWrite(old2, loan.Version), new LoanWrite(renewal2, null)], [], Cancel));
        Assert.Equal(LoanStatus.Renewed, (await store.FindAsync(loan.LoanId, Cancel))!.Status);
        Assert.Equal(renewal2.LoanId, (await store.OfApplicationAsync(loan.Terms.ApplicationId, Cancel)).Select(l => l.LoanId).Except([loan.LoanId, renewal.LoanId]).Single());
    }

    [Fact]
    public async Task Lists_page_newest_first_by_enterprise_bank_and_region()
    {
        var store = (await Store.OpenAsync()).GetRequiredService<ILoanStore>();
        var uscc = TestData.NewUscc("130903");
        var bank = "bank-" + Guid.NewGuid().ToString("N");
        for (var i = 0; i < 3; i++)
        {
            var terms = Terms(1_000_000, new(2026, 1, 1)) with { Uscc = uscc, BankId = i == 2 ? "other-bank" : bank, RegionCode = i == 1 ? "130902" : "130903" };
            Assert.True(await store.OpenAsync(LedgerRules.Approve(Guid.NewGuid().ToString(), terms, At.AddMinutes(i)), Cancel));
        }

        var first = await store.ListAsync(new LoanQuery(uscc, null, null, null), 2, null, Cancel);
        var rest = await store.ListAsync(new LoanQuery(uscc, null, null, null), 2, first.LastKey, Cancel);
        Assert.Equal([At.AddMinutes(2), At.AddMinutes(1), At], first.Items.Concat(rest.Items).Select(l => l.CreatedAt));
        Assert.Equal(2, (await store.ListAsync(new LoanQuery(null, bank, null, null), 10, null, Cancel)).Items.Count);
        Assert.Contains((await store.ListAsync(new LoanQuery(null, null, "130902", null), 100, null, Cancel)).Items, l => l.Terms.Uscc == uscc);
        Assert.Empty((await store.ListAsync(new LoanQuery(uscc, null, null, LoanStatus.Active), 10, null, Cancel)).Items);
        Assert.Equal(3, (await store.OfEnterpriseAsync(uscc, Cancel)).Count);
    }

    [Fact]
    public async Task The_daily_check_finds_the_active_loans_past_an_unpaid_due_day()
    {
        var store = (await Store.OpenAsync()).GetRequiredService<ILoanStore>();
        var loan = Disbursed(Terms(3_000_000, new(2026, 1, 31), rateBp: 0), new(2026, 1, 31), 3_000_000);
        loan = LedgerRules.SetSchedule(loan, ScheduleKind.EqualPrincipal, null, 3, [], Today, "clerk", At);
        Assert.True(await store.OpenAsync(loan, Cancel));

        // Due 28 February: not past on that day, past from 1 March.
        Assert.DoesNotContain(await store.PastDueAsync(new(2026, 2, 28), 1000, Cancel), l => l.LoanId == loan.LoanId);
        Assert.Contains(await store.PastDueAsync(new(2026, 3, 1), 1000, Cancel), l => l.LoanId == loan.LoanId);

        // Once overdue it is not the check's work any more, nor once its instalment is paid on time.
        var overdue = LedgerRules.CatchUp(loan, new(2026, 3, 1), At);
        Assert.True(await store.SaveAsync([new LoanWrite(overdue, loan.Version)], [], Cancel));
        Assert.DoesNotContain(await store.PastDueAsync(new(2026, 3, 1), 1000, Cancel), l => l.LoanId == loan.LoanId);
    }
}

public sealed class SqliteLoanStoreTests() : LoanStoreContract(StoreKind.Sqlite);

public sealed class MongoLoanStoreTests() : LoanStoreContract(StoreKind.MongoDb);
