using FinanceMarket.Matching.Extensions;
using FinanceMarket.Matching.Model;
using Microsoft.Extensions.Options;

namespace FinanceMarket.Matching.Infrastructure;

// Marks EXPIRED every application its bank left undecided past the decide-by date (the whole day counts,
// Asia/Shanghai) and announces it; raises the steps of the promise past their day and reminds the banks of
// those falling due. Replicas may sweep at once: the versioned update lets one win.
public sealed class ExpirySweep(IMatchingStore store, Calendars calendars, TimeProvider time, IOptions<MatchingOptions> options, ILogger<ExpirySweep> logger)
    : BackgroundService
{
    private const int Batch = 100;

    // Expires what is past its decide-by date, raises the steps of the promise past theirs, then tells the
    // banks of the steps falling due next.
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var expired = await ExpireAsync(cancellationToken);
        await SweepStepsAsync(cancellationToken);
        await RemindAsync(cancellationToken);
        return expired;
    }

    // PENDING steps past their date are raised (OVERDUE); OVERDUE ones past the day they end (a broadcast's
    // window) are MISSED. Returns how many moved.
    public Task<int> SweepStepsAsync(CancellationToken cancellationToken)
    {
        var today = ChinaTime.Today(time);
        return InBatchesAsync(
            () => store.StepsToSweepAsync(today, Batch, cancellationToken),
            step => WriteAsync(step, step.Status == StepStatus.Pending
                ? Model.Steps.Raise(step, today)
                : Model.Steps.End(step, today, bankFault: true), cancellationToken));
    }

    // A bank is told a working day ahead: today a step due by the next working day on the calendar (a Friday
    // reminds of Monday's, the eve of a holiday of the day after it). Returns how many were reminded.
    public async Task<int> RemindAsync(CancellationToken cancellationToken)
    {
        var today = ChinaTime.Today(time);
        var (calendar, _) = await calendars.CurrentAsync(cancellationToken);
        var soon = calendar.AddWorkingDays(today, 1);
        return await InBatchesAsync(
            () => store.StepsToRemindAsync(soon, Batch, cancellationToken),
            step => WriteAsync(step, Model.Steps.Remind(step, today), cancellationToken));
    }

    private Task<int> ExpireAsync(CancellationToken cancellationToken) =>
        InBatchesAsync(
            () => store.OverdueAsync(ChinaTime.Today(time), Batch, cancellationToken),
            async application =>
            {
                var steps = await store.StepsOfNeedAsync(application.NeedId, cancellationToken);
                return await store.TryWriteAsync(Broadcasting.Expire(application, steps, time.GetUtcNow()), cancellationToken);
            });

    private Task<bool> WriteAsync(ServiceStep step, (ServiceStep Changed, IReadOnlyList<IntegrationEvent> Events) change, CancellationToken cancellationToken) =>
        store.TryWriteAsync(new MarketWrite { Steps = [new(change.Changed, step.Version)], Events = change.Events }, cancellationToken);

    // Reads a batch and writes each of it, again while whole batches move. A write another replica won
    // moves nothing here; a batch in which nothing moved ends the run rather than reading it again.
    private static async Task<int> InBatchesAsync<T>(Func<Task<IReadOnlyList<T>>> read, Func<T, Task<bool>> write)
    {
        var moved = 0;
        while (true)
        {
            var batch = await read();
            var progress = 0;
            foreach (var item in batch)
            {
                if (await write(item))
                {
                    progress++;
                }
            }

            moved += progress;
            if (batch.Count < Batch || progress == 0)
            {
                return moved;
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
