using FinanceMarket.ServiceDefaults.Hosting;
using FinanceMarket.Matching.Extensions;
using FinanceMarket.Matching.Model;
using Microsoft.Extensions.Options;

namespace FinanceMarket.Matching.Infrastructure;

// Marks EXPIRED every application its bank left undecided past the decide-by date (the whole day counts,
// Asia/Shanghai) and announces it; raises the steps of the promise past their day and reminds the banks of
// those falling due. Replicas may sweep at once: the versioned update lets one win.
public sealed class ExpirySweep(IMatchingStore store, Calendars calendars, TimeProvider time, IOptions<MatchingOptions> options, ILogger<ExpirySweep> logger)
    : PeriodicSweep(time, logger)
{
    private const int Batch = 100;

    // Expires what is past its decide-by date, raises the steps of the promise past theirs, then tells the
    // banks of the steps falling due next.
    public override async Task<int> RunOnceAsync(CancellationToken cancellationToken)
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
        var today = ChinaTime.Today(Time);
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
        var today = ChinaTime.Today(Time);
        var (calendar, _) = await calendars.CurrentAsync(cancellationToken);
        var soon = calendar.AddWorkingDays(today, 1);
        return await InBatchesAsync(
            () => store.StepsToRemindAsync(soon, Batch, cancellationToken),
            step => WriteAsync(step, Model.Steps.Remind(step, today), cancellationToken));
    }

    private Task<int> ExpireAsync(CancellationToken cancellationToken) =>
        InBatchesAsync(
            () => store.OverdueAsync(ChinaTime.Today(Time), Batch, cancellationToken),
            async application =>
            {
                var steps = await store.StepsOfNeedAsync(application.NeedId, cancellationToken);
                return await store.TryWriteAsync(Broadcasting.Expire(application, steps, Time.GetUtcNow()), cancellationToken);
            });

    private Task<bool> WriteAsync(ServiceStep step, (ServiceStep Changed, IReadOnlyList<IntegrationEvent> Events) change, CancellationToken cancellationToken) =>
        store.TryWriteAsync(new MarketWrite { Steps = [new(change.Changed, step.Version)], Events = change.Events }, cancellationToken);

    protected override TimeSpan Every => options.Value.ExpirySweepEvery;

    protected override string Moves => "applications expired, steps raised or reminders sent";

    private static Task<int> InBatchesAsync<T>(Func<Task<IReadOnlyList<T>>> read, Func<T, Task<bool>> write) => InBatchesAsync(Batch, read, write);
}
