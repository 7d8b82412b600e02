using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using FinanceMarket.IntegrationEvents;
using FinanceMarket.ServiceDefaults.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinanceMarket.ServiceDefaults.Events;

// Embedded profile: does what daprd would. Asks each subscriber app for its /dapr/subscribe table and
// POSTs a structured CloudEvent to the route declared for the topic, reading the answer as daprd does.
public sealed class DirectDeliveryPublisher(
    HttpClient http,
    IOptions<InfrastructureOptions> options,
    EventSource source,
    IConfiguration configuration,
    ILogger<DirectDeliveryPublisher> logger) : IEventPublisher
{
    // Outbox rows are stamped and scheduled on the real clock (an event's OccurredAt): a service whose
    // business clock is moved (the demo clock, a test's) must neither stall nor rush its relay.
    private static readonly TimeProvider Clock = TimeProvider.System;

    public const string HttpClientName = "direct-delivery";

    // daprd's name for the token it shows every app it calls (dapr.io/app-token-secret in Kubernetes).
    public const string AppApiTokenKey = "APP_API_TOKEN";
    public const string AppApiTokenHeader = "dapr-api-token";
    private static readonly TimeSpan SubscriptionsTtl = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, (DateTimeOffset FetchedAt, IReadOnlyList<Subscription> Items)> _subscriptions = new();

    // How many times each subscriber refused each event as unprocessable: its own count, not the event's
    // attempts (which another subscriber's outage also raises). Kept in memory: a restart only means more
    // retries before a dead letter, never fewer.
    private readonly ConcurrentDictionary<(Guid Event, string Subscriber), int> _refusals = new();

    public async Task PublishAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        List<string> failures = [];
        foreach (var subscriber in options.Value.Events.Subscribers.Select(s => s.TrimEnd('/')))
        {
            try
            {
                await DeliverAsync(subscriber, message, cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // One subscriber's failure must not keep the others from their copy.
                _subscriptions.TryRemove(subscriber, out _);
                failures.Add($"{subscriber}: {ex.Message}");
            }
        }

        if (failures.Count > 0)
        {
            throw new DeliveryRefusedException(string.Join("; ", failures));
        }
    }

    private async Task DeliverAsync(string subscriber, OutboxMessage message, CancellationToken cancellationToken)
    {
        foreach (var subscription in await SubscriptionsAsync(subscriber, cancellationToken))
        {
            if (subscription.PubsubName != PubSub.Name || subscription.Topic != message.Topic || RouteOf(subscription) is not { } route)
            {
                continue;
            }

            try
            {
                await PostAsync(subscriber, route, message, message.Topic, cancellationToken);
                _refusals.TryRemove((message.Id, subscriber), out _);
            }
            catch (DeliveryRefusedException refused) when (refused.Definitive && subscription.DeadLetterTopic is { Length: > 0 } deadLetter
                && ShouldDeadLetter(message.Id, subscriber))
            {
                // A subscriber that keeps saying it cannot process the event (400, 422) will not change its
                // mind: as daprd does once its retries are spent, the event goes to the dead-letter topic, and
                // the events behind it on its ordering key are free to go. Anything else is retried for ever.
                logger.LogError("Event {EventId} on {Topic} refused as unprocessable by {Subscriber} ({Reason}): sending it to {DeadLetterTopic}",
                    message.Id, message.Topic, subscriber, refused.Message, deadLetter);
                await DeadLetterAsync(message, deadLetter, cancellationToken);
                _refusals.TryRemove((message.Id, subscriber), out _);
            }
        }
    }

    private bool ShouldDeadLetter(Guid eventId, string subscriber) =>
        options.Value.Events.DeadLetterAfter > 0
        && _refusals.AddOrUpdate((eventId, subscriber), 1, (_, n) => n + 1) >= options.Value.Events.DeadLetterAfter;

    // Delivers the event on its dead-letter topic to whichever apps subscribe to that topic.
    private async Task DeadLetterAsync(OutboxMessage message, string deadLetterTopic, CancellationToken cancellationToken)
    {
        var delivered = 0;
        foreach (var subscriber in options.Value.Events.Subscribers.Select(s => s.TrimEnd('/')))
        {
            foreach (var subscription in await SubscriptionsAsync(subscriber, cancellationToken))
            {
                if (subscription.PubsubName == PubSub.Name && subscription.Topic == deadLetterTopic && RouteOf(subscription) is { } route
                    && await PostAsync(subscriber, route, message, deadLetterTopic, cancellationToken))
                {
                    delivered++;
                }
            }
        }

        // Unread, a dead letter would be lost once the outbox purged it: it stays pending instead, retried
        // (and holding back its key) until a reader of the dead-letter topic is configured.
        if (delivered == 0)
        {
            throw new DeliveryRefusedException($"{deadLetterTopic} has no reader among the configured subscribers; the event stays in the outbox");
        }
    }

    // False when the subscriber dropped the event (404 or DROP), as daprd reads those answers.
    private async Task<bool> PostAsync(string subscriber, string route, OutboxMessage message, string topic, CancellationToken cancellationToken)
    {
        // A request built by hand does not take the client's default version: subscribers serve HTTP/2 only.
        using var request = new HttpRequestMessage(HttpMethod.Post, subscriber + "/" + route.TrimStart('/'))
        {
            Version = http.DefaultRequestVersion,
            VersionPolicy = http.DefaultVersionPolicy,
            Content = new StringContent(CloudEvent(message, topic).ToJsonString(), Encoding.UTF8, "application/cloudevents+json"),
        };
        if (configuration[AppApiTokenKey] is { Length: > 0 } token)
        {
            request.Headers.Add(AppApiTokenHeader, token);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        return await ReadAnswerAsync(response, subscriber, message, cancellationToken);
    }

    private static string? RouteOf(Subscription subscription) =>
        (subscription.Route ?? subscription.Routes?.Default) is { Length: > 0 } route ? route : null;

    private async Task<bool> ReadAnswerAsync(HttpResponseMessage response, string subscriber, OutboxMessage message, CancellationToken cancellationToken)
    {
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            logger.LogWarning("Subscriber {Subscriber} answered 404 for event {EventId} on {Topic}: dropped, as daprd would", subscriber, message.Id, message.Topic);
            return false;
        }

        if (!response.IsSuccessStatusCode)
        {
            var status = (int)response.StatusCode;
            // 400 and 422 say the event itself cannot be processed; 401, 403, 408, 409, 429... may pass.
            throw new DeliveryRefusedException($"HTTP {status}", definitive: status is 400 or 422);
        }

        switch (AnsweredStatus(await response.Content.ReadAsStringAsync(cancellationToken)))
        {
            case "" or "SUCCESS":
                return true;
            case "DROP":
                logger.LogWarning("Subscriber {Subscriber} dropped event {EventId} on {Topic}", subscriber, message.Id, message.Topic);
                return false;
            case var other:
                throw new DeliveryRefusedException($"the subscriber answered status '{other}'");
        }
    }

    // daprd's reading of a 2xx answer: no body, a body that is not a JSON object, or an object without a
    // status is success; otherwise the status string is matched exactly (RETRY and unknown ones retry).
    private static string AnsweredStatus(string body)
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

    private async Task<IReadOnlyList<Subscription>> SubscriptionsAsync(string subscriber, CancellationToken cancellationToken)
    {
        var now = Clock.GetUtcNow();
        if (_subscriptions.TryGetValue(subscriber, out var cached) && now - cached.FetchedAt < SubscriptionsTtl)
        {
            return cached.Items;
        }

        var items = await http.GetFromJsonAsync<List<Subscription>>(subscriber + "/dapr/subscribe", OutboxMessage.Json, cancellationToken) ?? [];
        _subscriptions[subscriber] = (now, items);
        return items;
    }

    private JsonObject CloudEvent(OutboxMessage message, string topic) => new()
    {
        ["specversion"] = "1.0",
        ["id"] = message.Id.ToString(),
        ["source"] = source.AppId,
        ["type"] = message.Topic,
        ["topic"] = topic,
        ["pubsubname"] = PubSub.Name,
        ["time"] = message.OccurredAt.ToString("O"),
        ["datacontenttype"] = "application/json",
        ["data"] = JsonNode.Parse(message.Payload),
    };

    private sealed record Subscription(
        [property: JsonPropertyName("pubsubname")] string PubsubName,
        string Topic,
        string? Route,
        SubscriptionRoutes? Routes,
        string? DeadLetterTopic);

    private sealed record SubscriptionRoutes(string? Default);
}

// Definitive: the subscriber answered that it cannot process the event (4xx), as opposed to not now.
public sealed class DeliveryRefusedException(string message, bool definitive = false) : Exception(message)
{
    public bool Definitive { get; } = definitive;
}
