using FinanceMarket.Matching.Extensions;
using FinanceMarket.Matching.Model;
using Microsoft.Extensions.Options;

namespace FinanceMarket.Matching.Infrastructure;

// Marks EXPIRED every application its bank left undecided past the decide-by date (the whole day counts,
// Asia/Shanghai) and announces it. Replicas may sweep at once: the versioned update lets one win.
public sealed class ExpirySweep(IMatchingStore store, TimeProvider time, IOptions<MatchingOptions> options, ILogger<ExpirySweep> logger) : BackgroundService
{
    private const int Batch = 100;

    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var expired = 0;
        while (true)
        {
            var overdue = await store.OverdueAsync(ChinaTime.Today(time), Batch, cancellationToken);
            var progress = 0;
            foreach (var application in overdue)
            {
                var (changed, announced) = Transitions.Expire(application, time.GetUtcNow());
                if (await store.TryUpdateApplicationAsync(changed, application.Version, announced, cancellationToken))
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
