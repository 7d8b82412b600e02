using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FinanceMarket.ServiceDefaults.Hosting;

// Work a service does by the clock rather than on request (applications past their decide-by date, loans past
// a due day): a run at start and at every tick; a failed run is logged and tried again at the next tick.
public abstract class PeriodicSweep(TimeProvider time, ILogger logger) : BackgroundService
{
    protected TimeProvider Time => time;

    protected abstract TimeSpan Every { get; }

    // What a run moves, for the log ("applications expired").
    protected abstract string Moves { get; }

    // How many things the run moved.
    public abstract Task<int> RunOnceAsync(CancellationToken cancellationToken);

    // Reads a batch and writes each of it, again while whole batches move. A write another replica won moves
    // nothing here; a batch in which nothing moved ends the run rather than reading it again.
    public static async Task<int> InBatchesAsync<T>(int batchSize, Func<Task<IReadOnlyList<T>>> read, Func<T, Task<bool>> write)
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
            if (batch.Count < batchSize || progress == 0)
            {
                return moved;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, time);
        do
        {
            try
            {
                var moved = await RunOnceAsync(stoppingToken);
                if (moved > 0 && logger.IsEnabled(LogLevel.Information))
                {
                    logger.LogInformation("{Count} {Moves}", moved, Moves);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "The sweep of {Moves} failed; it runs again at the next tick", Moves);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
