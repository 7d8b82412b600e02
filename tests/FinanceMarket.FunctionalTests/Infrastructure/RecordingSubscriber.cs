using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Dapr;
using FinanceMarket.IntegrationEvents;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace FinanceMarket.FunctionalTests.Infrastructure;

// A subscriber app as a real one is declared (MapSubscribeHandler, WithTopic with a dead-letter topic),
// recording each CloudEvent envelope it receives. It can be told to answer RETRY, as a busy consumer would.
public sealed class RecordingSubscriber
{
    public static readonly string[] Topics =
    [
        PubSub.TopicOf<EnterpriseRegisteredIntegrationEvent>(),
        PubSub.TopicOf<BankCreatedIntegrationEvent>(),
        PubSub.TopicOf<ProductListedIntegrationEvent>(),
        PubSub.TopicOf<ProductDelistedIntegrationEvent>(),
    ];

    private int _retriesToAnswer;

    public ConcurrentQueue<JsonObject> Received { get; } = new();

    public int Deliveries => Volatile.Read(ref _deliveries);

    private int _deliveries;

    public void AnswerRetry(int times) => Volatile.Write(ref _retriesToAnswer, times);

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
                    .WithTopic(new TopicOptions { PubsubName = PubSub.Name, Name = topic, DeadLetterTopic = topic + ".deadletter" });
            }

            return app;
        }, AppContext.BaseDirectory, new Dictionary<string, string?>());
        return (host, subscriber);
    }

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        var envelope = (await JsonNode.ParseAsync(request.Body))!.AsObject();
        Interlocked.Increment(ref _deliveries);
        if (Interlocked.Decrement(ref _retriesToAnswer) >= 0)
        {
            return Results.Json(new { status = "RETRY" });
        }

        Received.Enqueue(envelope);
        return Results.Json(new { status = "SUCCESS" });
    }
}
