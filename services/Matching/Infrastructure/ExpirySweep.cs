using FinanceMarket.Matching.Extensions;
using FinanceMarket.Matching.Model;
using Microsoft.Extensions.Options;

namespace FinanceMarket.Matching.Infrastructure;

// Marks EXPIRED every application its bank left undecided past the decide-by date (the whole day counts,
// Asia/Shanghai) and announces it. Replicas may sweep at once: the versioned update lets one win.
public sealed class ExpirySweep(IMatchingStore store, TimeProvider time, IOptions<MatchingOptions> options, ILogger<ExpirySweep> logger) : BackgroundService
{
    private const int Batch = 100;

    // Expires what is past its decide-by date, then raises the steps of the promise past theirs.
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var expired = await ExpireAsync(cancellationToken);
        await SweepStepsAsync(cancellationToken);
        return expired;
    }

    // PENDING steps past their date are raised (OVERDUE); OVERDUE ones past the day they end (a broadcast's
    // window) are MISSED. Returns how many moved.
    public async Task<int> SweepStepsAsync(CancellationToken cancellationToken)
    {
        var moved = 0;
        while (true)
        {
            var today = ChinaTime.Today(time);
            var due = await store.StepsToSweepAsync(today, Batch, cancellationToken);
            var progress = 0;
            foreach (var step in due)
            {
                var (changed, events) = step.Status == StepStatus.Pending
                    ? Model.Steps.Raise(step, today)
                    : Model.Steps.End(step, today, bankFault: true);
                if (await store.TryWriteAsync(new MarketWrite { Steps = [new(changed, step.Version)], Events = events }, cancellationToken))
                {
                    progress++;
                }
            }

            moved += progress;
            if (due.Count < Batch || progress == 0)
            {
                return moved;
            }
        }
    }

    private async Task<int> ExpireAsync(CancellationToken cancellationToken)
    {
        var expired = 0;
        while (true)
        {
            var overdue = await store.OverdueAsync(ChinaTime.Today(time), Batch, cancellationToken);
            var progress = 0;
            foreach (var application in overdue)
            {
                var steps = await store.StepsOfNeedAsync(application.NeedId, cancellationToken);
                if (await store.TryWriteAsync(Broadcasting.Expire(application, steps, time.GetUtcNow()), cancellationToken))
                {
                    progress++;
                }
            }

            expired += progress;
            if (overdue.Count < Batch || progress == 0)
            {
                return expired;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ExpirySweepEvery, time);
        do
        {
            try
            {
                var expired = await RunOnceAsync(stoppingToken);
                if (expired > 0 && logger.IsEnabled(LogLevel.Information))
                {
                    logger.LogInformation("Expired {Count} applications past their decide-by date", expired);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "The expiry sweep failed; it runs again at the next tick");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
