using System.Text;
using Dapr.Client;
using FinanceMarket.IntegrationEvents;

namespace FinanceMarket.ServiceDefaults.Events;

// Servers profile: the sidecar wraps the payload in a CloudEvent; the metadata makes its id our event id,
// so subscribers deduplicate on the id the outbox assigned, whichever relay attempt delivered it.
public sealed class DaprEventPublisher(DaprClient dapr, EventSource source) : IEventPublisher
{
    public Task PublishAsync(OutboxMessage message, CancellationToken cancellationToken) =>
        dapr.PublishByteEventAsync(
            PubSub.Name,
            message.Topic,
            Encoding.UTF8.GetBytes(message.Payload),
            "application/json",
            new Dictionary<string, string>
            {
                ["cloudevent.id"] = message.Id.ToString(),
                ["cloudevent.type"] = message.Topic,
                ["cloudevent.source"] = source.AppId,
                // Kafka keeps one partition per key, so a product's events stay in order there too;
                // Redis Streams ignore it.
                ["partitionKey"] = message.OrderingKey,
            },
            cancellationToken);
}
