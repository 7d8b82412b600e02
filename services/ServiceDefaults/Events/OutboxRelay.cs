using FinanceMarket.ServiceDefaults.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinanceMarket.ServiceDefaults.Events;

// Publishes what the outbox holds until the broker acknowledges it: a crash between "saved" and
// "published" delays an event, never loses it. Delivery is therefore at least once.
public sealed class OutboxRelay(
    IOutboxStore outbox,
    IEventPublisher publisher,
    OutboxSignal signal,
    IOptions<InfrastructureOptions> options,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    // Outbox rows are stamped and scheduled on the real clock (an event's OccurredAt): a service whose
    // business clock is moved (the demo clock, a test's) must neither stall nor rush its relay.
    private static readonly TimeProvider Clock = TimeProvider.System;

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan PurgeEvery = TimeSpan.FromHours(1);
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(30);
    private readonly string _owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
    private DateTimeOffset _nextPurge = DateTimeOffset.MinValue;
    private DateTimeOffset _leaseUntil = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var events = options.Value.Events;
        while (!stoppingToken.IsCancellationRequested)
        {
            int published;
            try
            {
                published = await HoldsLeaseAsync(stoppingToken) ? await RelayOnceAsync(events, stoppingToken) : 0;
                await PurgeIfDueAsync(events, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Reading the outbox failed; retrying after {PollInterval}", events.PollInterval);
                published = 0;
            }

            if (published < events.BatchSize)
            {
                try
                {
                    await signal.WaitAsync(events.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    // Renewed when half of it has run, so a live relay keeps it and a dead one's lapses within 30 s; a
    // replica without the lease leaves its events to the holder, which polls them within PollInterval.
    private async Task<bool> HoldsLeaseAsync(CancellationToken cancellationToken)
    {
        var now = Clock.GetUtcNow();
        if (_leaseUntil - now > LeaseDuration / 2)
        {
            return true;
        }

        var until = now + LeaseDuration;
        _leaseUntil = await outbox.TryLeaseAsync(_owner, now, until, cancellationToken) ? until : DateTimeOffset.MinValue;
        return _leaseUntil > now;
    }

    private async Task PurgeIfDueAsync(EventOptions events, CancellationToken cancellationToken)
    {
        var now = Clock.GetUtcNow();
        if (now < _nextPurge)
        {
            return;
        }

        _nextPurge = now + PurgeEvery;
        var before = now - events.KeepPublished;
        var purged = await outbox.PurgePublishedAsync(before, cancellationToken);
        if (purged > 0 && logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("Removed {Count} events published before {Before}", purged, before);
        }
    }

    public async Task<int> RelayOnceAsync(EventOptions events, CancellationToken cancellationToken)
    {
        var batch = await outbox.PendingAsync(events.BatchSize, Clock.GetUtcNow(), cancellationToken);
        var heldBack = new HashSet<string>(StringComparer.Ordinal);
        foreach (var message in batch)
        {
            if (heldBack.Contains(message.OrderingKey))
            {
                continue;
            }

            try
            {
                await publisher.PublishAsync(message, cancellationToken);
                await outbox.MarkPublishedAsync(message.Id, Clock.GetUtcNow(), cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                heldBack.Add(message.OrderingKey);
                var attempts = message.Attempts + 1;
                var parked = events.MaxAttempts > 0 && attempts >= events.MaxAttempts;
                var backoff = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, attempts), MaxBackoff.TotalSeconds));
                await outbox.MarkFailedAsync(message.Id, attempts, Clock.GetUtcNow() + backoff, parked, ex.Message, cancellationToken);
                if (parked)
                {
                    logger.LogError(ex, "Event {EventId} on {Topic} parked after {Attempts} failed deliveries", message.Id, message.Topic, attempts);
                }
                else
                {
                    logger.LogWarning(ex, "Event {EventId} on {Topic} not delivered (attempt {Attempts}); retrying in {Backoff}", message.Id, message.Topic, attempts, backoff);
                }
            }
        }

        return batch.Count;
    }
}
