using FinanceMarket.Loans.Extensions;
using FinanceMarket.Loans.Model;
using FinanceMarket.ServiceDefaults.Hosting;
using Microsoft.Extensions.Options;

namespace FinanceMarket.Loans.Infrastructure;

// Marks OVERDUE, with its event, every active loan whose scheduled principal is unpaid after its due day
// (Asia/Shanghai), so the overdue figures do not wait for the bank's next entry. Replicas may run it at once:
// the versioned write lets one win.
public sealed class OverdueCheck(ILoanStore store, TimeProvider time, IOptions<LoansOptions> options, ILogger<OverdueCheck> logger)
    : PeriodicSweep(time, logger)
{
    private const int Batch = 100;

    protected override TimeSpan Every => options.Value.OverdueCheckEvery;

    protected override string Moves => "loans fallen overdue";

    public override Task<int> RunOnceAsync(CancellationToken cancellationToken) =>
        InBatchesAsync(Batch, () => store.PastDueAsync(ChinaTime.Today(Time), Batch, cancellationToken), async loan =>
        {
            var caught = LedgerRules.CatchUp(loan, ChinaTime.Today(Time), Time.GetUtcNow());
            return caught.Version != loan.Version
                && await store.SaveAsync([new LoanWrite(caught, loan.Version)], [.. LoanEvents.Since(caught, loan.Version)], cancellationToken);
        });
}
