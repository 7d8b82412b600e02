using System.Text.Json.Nodes;
using FinanceMarket.IntegrationEvents;

namespace FinanceMarket.ServiceDefaults.Events;

// The structured CloudEvent (1.0) daprd wraps an event in; topic differs from the type for a dead letter.
internal static class CloudEventEnvelope
{
    public static JsonObject Of(OutboxMessage message, string topic, string sourceAppId) => new()
    {
        ["specversion"] = "1.0",
        ["id"] = message.Id.ToString(),
        ["source"] = sourceAppId,
        ["type"] = message.Topic,
        ["topic"] = topic,
        ["pubsubname"] = PubSub.Name,
        ["time"] = message.OccurredAt.ToString("O"),
        ["datacontenttype"] = "application/json",
        ["data"] = JsonNode.Parse(message.Payload),
    };
}
