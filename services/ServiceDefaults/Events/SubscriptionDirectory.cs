using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using FinanceMarket.IntegrationEvents;

namespace FinanceMarket.ServiceDefaults.Events;

// Who subscribes to a topic, as daprd learns it: each app's /dapr/subscribe table, asked again after a
// while. The apps are all the ones configured by address, never a list kept per publisher.
internal sealed class SubscriptionDirectory(HttpClient http, IReadOnlyList<(string Name, string Address)> apps)
{
    // Tables are refreshed on the real clock, whatever the business clock of the service says.
    private static readonly TimeProvider Clock = TimeProvider.System;
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, (DateTimeOffset FetchedAt, IReadOnlyList<Subscription> Items)> _tables = new();

    public IReadOnlyList<(string Name, string Address)> Apps => apps;

    // The apps with a route for the topic. An app that cannot be asked now is judged by the table it gave
    // last; one that never answered keeps the event waiting, since it may be a subscriber.
    public async Task<IReadOnlyList<Subscriber>> SubscribersAsync(string topic, CancellationToken cancellationToken)
    {
        var (known, unknown) = await LookUpAsync(topic, cancellationToken);
        return unknown.Count > 0 ? throw new DeliveryRefusedException(string.Join("; ", unknown)) : known;
    }

    // The subscribers among the apps whose tables are known, and the apps that could not say: a publisher
    // delivers to the first now and keeps the event for the others, so one app that is down does not hold
    // every other subscriber's copy back (they take a repeated delivery as the same event).
    public async Task<(IReadOnlyList<Subscriber> Known, IReadOnlyList<string> Unknown)> LookUpAsync(string topic, CancellationToken cancellationToken)
    {
        List<Subscriber> subscribers = [];
        List<string> unknown = [];
        foreach (var (name, address) in apps)
        {
            if (await TableAsync(address, cancellationToken) is not { } table)
            {
                unknown.Add($"{name} ({address}) did not give its subscriptions");
                continue;
            }

            foreach (var subscription in table)
            {
                if (subscription.PubsubName == PubSub.Name && subscription.Topic == topic
                    && (subscription.Route ?? subscription.Routes?.Default) is { Length: > 0 } route)
                {
                    subscribers.Add(new Subscriber(name, address, route, subscription.DeadLetterTopic));
                }
            }
        }

        return (subscribers, unknown);
    }

    // After a failed delivery the app's table is asked for again: it may have been redeployed.
    public void Forget(string address) => _tables.TryRemove(address, out _);

    private async Task<IReadOnlyList<Subscription>?> TableAsync(string address, CancellationToken cancellationToken)
    {
        var now = Clock.GetUtcNow();
        _tables.TryGetValue(address, out var known);
        if (known.Items is not null && now - known.FetchedAt < Ttl)
        {
            return known.Items;
        }

        try
        {
            using var response = await http.GetAsync(address + "/dapr/subscribe", cancellationToken);
            // An app that answers without a table (no such endpoint, or one it does not serve to an unsigned
            // caller) subscribes to nothing, as daprd reads it.
            IReadOnlyList<Subscription> items = !response.IsSuccessStatusCode ? []
                : await response.Content.ReadFromJsonAsync<List<Subscription>>(OutboxMessage.Json, cancellationToken) ?? [];
            _tables[address] = (now, items);
            return items;
        }
        catch (Exception ex) when ((ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException) && !cancellationToken.IsCancellationRequested)
        {
            return known.Items;
        }
    }

    private sealed record Subscription(
        [property: JsonPropertyName("pubsubname")] string PubsubName,
        string Topic,
        string? Route,
        SubscriptionRoutes? Routes,
        string? DeadLetterTopic);

    private sealed record SubscriptionRoutes(string? Default);
}

internal sealed record Subscriber(string Name, string Address, string Route, string? DeadLetterTopic);
