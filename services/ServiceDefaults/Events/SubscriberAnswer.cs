using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FinanceMarket.ServiceDefaults.Events;

public enum Delivery
{
    Delivered,

    // The subscriber answered 404 or DROP: daprd drops the event for it and moves on.
    Dropped,
}

// daprd's reading of a subscriber's answer to a delivery.
internal static class SubscriberAnswer
{
    public static async Task<Delivery> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return Delivery.Dropped;
        }

        if (!response.IsSuccessStatusCode)
        {
            var status = (int)response.StatusCode;
            // 400 and 422 say the event itself cannot be processed; 401, 403, 408, 409, 429... may pass.
            throw new DeliveryRefusedException($"HTTP {status}", definitive: status is 400 or 422);
        }

        return StatusOf(await response.Content.ReadAsStringAsync(cancellationToken)) switch
        {
            "" or "SUCCESS" => Delivery.Delivered,
            "DROP" => Delivery.Dropped,
            var other => throw new DeliveryRefusedException($"the subscriber answered status '{other}'"),
        };
    }

    // A 2xx answer with no body, a body that is not a JSON object, or an object without a status is
    // success; otherwise the status string is matched exactly (RETRY and unknown ones retry).
    private static string StatusOf(string body)
    {
        try
        {
            return JsonNode.Parse(body) is JsonObject answer && answer["status"] is JsonValue status
                ? status.TryGetValue<string>(out var text) ? text : status.ToJsonString()
                : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }
}

// Definitive: the subscriber answered that it cannot process the event (4xx), as opposed to not now.
public sealed class DeliveryRefusedException(string message, bool definitive = false) : Exception(message)
{
    public bool Definitive { get; } = definitive;
}
