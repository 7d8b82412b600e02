using System.Text.Json;
using FinanceMarket.IntegrationEvents;

namespace FinanceMarket.ServiceDefaults.Events;

// An integration event as it waits in the outbox: saved in the same transaction as the change it reports.
public sealed record OutboxMessage(Guid Id, string Topic, string OrderingKey, string Payload, DateTimeOffset OccurredAt, int Attempts)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static OutboxMessage From(IntegrationEvent integrationEvent) => new(
        integrationEvent.Id,
        integrationEvent.Topic,
        integrationEvent.OrderingKey,
        JsonSerializer.Serialize(integrationEvent, integrationEvent.GetType(), Json),
        integrationEvent.OccurredAt,
        0);
}

// Both storage adapters implement this over their own outbox table or collection.
public interface IOutboxStore
{
    // Due messages in the order they were saved, leaving out any with an earlier unpublished message of the
    // same ordering key: a retried event holds back its own key's later events and nothing else.
    Task<IReadOnlyList<OutboxMessage>> PendingAsync(int max, DateTimeOffset now, CancellationToken cancellationToken);

    Task MarkPublishedAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken);

    // Parked messages are no longer retried: an operator looks at them (the log says which and why).
    Task MarkFailedAsync(Guid id, int attempts, DateTimeOffset nextAttemptAt, bool parked, string failure, CancellationToken cancellationToken);

    // One relay per service publishes at a time, however many replicas run: it holds a lease, renewed
    // while it lives. True when `owner` holds the lease until `until` (acquired, renewed or taken over
    // after it expired); false while another owner's lease runs.
    Task<bool> TryLeaseAsync(string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken);

    // Published events are kept a while for inspection, then removed; pending and parked ones never are.
    Task<int> PurgePublishedAsync(DateTimeOffset publishedBefore, CancellationToken cancellationToken);
}

public sealed record EventSource(string AppId);

public interface IEventPublisher
{
    // Returns once the broker (or every subscriber) has accepted the event; throws to be retried.
    Task PublishAsync(OutboxMessage message, CancellationToken cancellationToken);
}
