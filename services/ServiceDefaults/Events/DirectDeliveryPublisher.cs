using System.Collections.Concurrent;
using System.Text;
using FinanceMarket.ServiceDefaults.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinanceMarket.ServiceDefaults.Events;

// Embedded profile: does what daprd would. Finds the apps that subscribe to the event's topic (from their
// /dapr/subscribe tables), POSTs each a structured CloudEvent on the route it declared, and reads the answer
// as daprd does; an event a subscriber keeps refusing as unprocessable goes to its dead-letter topic.
public sealed class DirectDeliveryPublisher : IEventPublisher
{
    public const string HttpClientName = "direct-delivery";

    // daprd's name for the token it shows every app it calls (dapr.io/app-token-secret in Kubernetes).
    public const string AppApiTokenKey = "APP_API_TOKEN";
    public const string AppApiTokenHeader = "dapr-api-token";

    private readonly HttpClient _http;
    private readonly SubscriptionDirectory _directory;
    private readonly RefusalCounter _refusals;
    private readonly EventSource _source;
    private readonly string? _appApiToken;
    private readonly ILogger<DirectDeliveryPublisher> _logger;

    public DirectDeliveryPublisher(HttpClient http, IOptions<InfrastructureOptions> options, EventSource source, IConfiguration configuration,
        ILogger<DirectDeliveryPublisher> logger)
    {
        _http = http;
        _directory = new SubscriptionDirectory(http, configuration.ConfiguredApps());
        _refusals = new RefusalCounter(options.Value.Events.DeadLetterAfter);
        _source = source;
        _appApiToken = configuration[AppApiTokenKey];
        _logger = logger;
    }

    public async Task PublishAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var (subscribers, unknown) = await _directory.LookUpAsync(message.Topic, cancellationToken);
        List<string> failures = [.. unknown];
        foreach (var subscriber in subscribers)
        {
            try
            {
                await DeliverAsync(subscriber, message, cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                // One subscriber's failure must not keep the others from their copy.
                _directory.Forget(subscriber.Address);
                failures.Add($"{subscriber.Name}: {ex.Message}");
            }
        }

        if (failures.Count > 0)
        {
            throw new DeliveryRefusedException(string.Join("; ", failures));
        }
    }

    private async Task DeliverAsync(Subscriber subscriber, OutboxMessage message, CancellationToken cancellationToken)
    {
        try
        {
            if (await PostAsync(subscriber, message, message.Topic, cancellationToken) == Delivery.Dropped)
            {
                _logger.LogWarning("{Subscriber} dropped event {EventId} on {Topic}, as daprd allows", subscriber.Name, message.Id, message.Topic);
            }

            _refusals.Clear(message.Id, subscriber.Name);
        }
        catch (DeliveryRefusedException refused) when (refused.Definitive && subscriber.DeadLetterTopic is { Length: > 0 } deadLetter
            && _refusals.CountAndCheck(message.Id, subscriber.Name))
        {
            // A subscriber that keeps saying it cannot process the event (400, 422) will not change its mind:
            // as daprd does once its retries are spent, the event goes to the dead-letter topic, and the events
            // behind it on its ordering key are free to go. Anything else is retried for ever.
            _logger.LogError("Event {EventId} on {Topic} refused as unprocessable by {Subscriber} ({Reason}): sending it to {DeadLetterTopic}",
                message.Id, message.Topic, subscriber.Name, refused.Message, deadLetter);
            await DeadLetterAsync(message, deadLetter, cancellationToken);
            _refusals.Clear(message.Id, subscriber.Name);
        }
    }

    // Delivers the event on its dead-letter topic to whichever apps subscribe to that topic.
    private async Task DeadLetterAsync(OutboxMessage message, string deadLetterTopic, CancellationToken cancellationToken)
    {
        var delivered = 0;
        foreach (var reader in await _directory.SubscribersAsync(deadLetterTopic, cancellationToken))
        {
            if (await PostAsync(reader, message, deadLetterTopic, cancellationToken) == Delivery.Delivered)
            {
                delivered++;
            }
        }

        // Unread, a dead letter would be lost once the outbox purged it: it stays pending instead, retried
        // (and holding back its key) until an app that reads the dead-letter topic is configured.
        if (delivered == 0)
        {
            throw new DeliveryRefusedException($"{deadLetterTopic} has no reader among the configured apps; the event stays in the outbox");
        }
    }

    private async Task<Delivery> PostAsync(Subscriber subscriber, OutboxMessage message, string topic, CancellationToken cancellationToken)
    {
        // A request built by hand does not take the client's default version: subscribers serve HTTP/2 only.
        using var request = new HttpRequestMessage(HttpMethod.Post, subscriber.Address + "/" + subscriber.Route.TrimStart('/'))
        {
            Version = _http.DefaultRequestVersion,
            VersionPolicy = _http.DefaultVersionPolicy,
            Content = new StringContent(CloudEventEnvelope.Of(message, topic, _source.AppId).ToJsonString(), Encoding.UTF8, "application/cloudevents+json"),
        };
        if (_appApiToken is { Length: > 0 })
        {
            request.Headers.Add(AppApiTokenHeader, _appApiToken);
        }

        using var response = await _http.SendAsync(request, cancellationToken);
        return await SubscriberAnswer.ReadAsync(response, cancellationToken);
    }
}

// How many times each subscriber refused each event as unprocessable: its own count, not the event's
// attempts (which another subscriber's outage also raises). Kept in memory: a restart only means more
// retries before a dead letter, never fewer.
internal sealed class RefusalCounter(int deadLetterAfter)
{
    private readonly ConcurrentDictionary<(Guid Event, string Subscriber), int> _counts = new();

    // Counts one more refusal; true once the subscriber has refused DeadLetterAfter times (0: never).
    public bool CountAndCheck(Guid eventId, string subscriber) =>
        deadLetterAfter > 0 && _counts.AddOrUpdate((eventId, subscriber), 1, (_, n) => n + 1) >= deadLetterAfter;

    public void Clear(Guid eventId, string subscriber) => _counts.TryRemove((eventId, subscriber), out _);
}
