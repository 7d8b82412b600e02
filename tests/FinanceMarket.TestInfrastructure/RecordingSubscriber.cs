using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Dapr;
using FinanceMarket.IntegrationEvents;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace FinanceMarket.TestInfrastructure;

// A subscriber app as a real one is declared (MapSubscribeHandler, WithTopic with a dead-letter topic),
// recording each CloudEvent envelope it accepts. It can be told to answer otherwise first (RETRY, as a busy
// consumer would, or any other body), per topic.
public sealed class RecordingSubscriber
{
    // Its name among the apps a test process is told about (FinanceMarket:Services:recorder).
    public const string AppName = "recorder";

    // Every integration event there is.
    public static readonly string[] Topics = [.. PubSub.EventTypes.Select(t => t.Name)];

    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _answers = new();

    public ConcurrentQueue<JsonObject> Received { get; } = new();

    // Deliveries on the topic, refused ones included (a service also sends audit entries beside its own events).
    public int DeliveriesOf(string topic) => _deliveries.GetValueOrDefault(topic);

    private readonly ConcurrentDictionary<string, int> _deliveries = new();

    // The next deliveries on the topic get these 2xx bodies, one each, and are not recorded.
    public void AnswerFirst(string topic, params string[] bodies)
    {
        var queue = _answers.GetOrAdd(topic, _ => new ConcurrentQueue<string>());
        foreach (var body in bodies)
        {
            queue.Enqueue(body);
        }
    }

    public JsonObject? Find(string topic, Func<JsonNode, bool> match) =>
        Received.FirstOrDefault(e => (string?)e["topic"] == topic && e["data"] is { } data && match(data));

    public static async Task<(ServiceHost Host, RecordingSubscriber Subscriber)> StartAsync()
    {
        var subscriber = new RecordingSubscriber();
        var host = await ServiceHost.StartAsync((args, configure) =>
        {
            var builder = WebApplication.CreateSlimBuilder(args);
            builder.WebHost.ConfigureKestrel(k => k.ConfigureEndpointDefaults(e => e.Protocols = HttpProtocols.Http2));
            configure?.Invoke(builder);
            var app = builder.Build();
            app.MapSubscribeHandler();
            foreach (var topic in Topics)
            {
                app.MapPost("/events/" + topic, subscriber.ReceiveAsync)
                    .WithTopic(new TopicOptions { PubsubName = PubSub.Name, Name = topic, DeadLetterTopic = topic + PubSub.DeadLetterSuffix });
            }

            return app;
        }, AppContext.BaseDirectory, new Dictionary<string, string?>());
        return (host, subscriber);
    }

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        var envelope = (await JsonNode.ParseAsync(request.Body))!.AsObject();
        _deliveries.AddOrUpdate((string?)envelope["topic"] ?? "", 1, (_, n) => n + 1);
        if (_answers.TryGetValue((string?)envelope["topic"] ?? "", out var answers) && answers.TryDequeue(out var answer))
        {
            return Results.Text(answer, "application/json");
        }

        Received.Enqueue(envelope);
        return Results.Json(new { status = "SUCCESS" });
    }
}
