using System.Text.Json.Serialization;

namespace FinanceMarket.IntegrationEvents;

// Facts other services must learn. Past tense, data only, one record per file; the topic of an event is
// its type name, so the publisher and every subscriber derive it from the same place.
public abstract record IntegrationEvent
{
    // The idempotency key of every consumer: the same id delivered twice must change nothing the second time.
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public DateTimeOffset OccurredAt { get; init; } = DateTimeOffset.UtcNow;

    // Bumped when a field changes meaning; consumers read the version they understand.
    public int SchemaVersion { get; init; } = 1;

    [JsonIgnore]
    public string Topic => GetType().Name;

    // Events with the same key reach subscribers in the order they happened (the thing they are about:
    // a product, an enterprise); events with different keys never wait for each other.
    [JsonIgnore]
    public abstract string OrderingKey { get; }
}
