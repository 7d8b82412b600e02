using System.Net;
using System.Net.Sockets;
using FinanceMarket.Replay;
using FinanceMarket.Replay.Faults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Data.Sqlite;

namespace FinanceMarket.UnitTests.Replay;

// Fault seed 3 of the x1 year once stopped the replay: an event redelivered to totals while totals failed
// on purpose (another fault of the schedule) got 500, and the tool took that for a subscriber refusing a
// repeat. A broker delivers again after a 5xx; only a 4xx is a refusal.
public sealed class RedeliveryTests : IAsyncDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("redelivery-").FullName;
    private readonly Queue<int> _answers = new();
    private readonly List<string> _received = [];
    private WebApplication? _subscriber;

    [Fact]
    public async Task A_subscriber_failing_for_a_while_gets_the_event_again_until_it_takes_it()
    {
        await StartAsync(500, 500, 200, 200);

        var delivered = await SendAsync();

        // The event twice (a duplicate), the first time after two failures.
        Assert.Equal(2, delivered);
        Assert.Equal(4, _received.Count);
        Assert.All(_received, id => Assert.Equal("event-1", id));
    }

    [Fact]
    public async Task A_subscriber_refusing_a_repeated_event_stops_the_run()
    {
        await StartAsync(200, 409);

        var refused = await Assert.ThrowsAsync<ReplayException>(SendAsync);

        Assert.Contains("refused a repeated LoanEntryRecorded (409)", refused.Message, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        if (_subscriber is not null)
        {
            await _subscriber.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(_data, recursive: true);
    }

    private async Task<int> SendAsync()
    {
        using var redelivery = new Redelivery(_data, new Fleet(_data));
        return await redelivery.SendAsync("publisher", 1, outOfOrder: false, new Random(1), TestContext.Current.CancellationToken);
    }

    // A publisher's outbox with one published event, and a subscriber (h2c, as the services are) answering
    // the given statuses in turn, both laid out as run.sh lays out its data folder.
    private async Task StartAsync(params int[] answers)
    {
        foreach (var answer in answers)
        {
            _answers.Enqueue(answer);
        }

        using (var outbox = new SqliteConnection($"Data Source={Path.Combine(_data, "publisher.db")}"))
        {
            outbox.Open();
            using var create = outbox.CreateCommand();
            create.CommandText = """
                CREATE TABLE outbox (seq INTEGER PRIMARY KEY, id TEXT, topic TEXT, ordering_key TEXT, payload TEXT, occurred_at TEXT, published_at TEXT);
                INSERT INTO outbox VALUES (1, 'event-1', 'LoanEntryRecorded', 'loan-1', '{"amountFen":"100"}', '2026-12-06T01:00:00Z', '2026-12-06T01:00:01Z');
                """;
            create.ExecuteNonQuery();
        }

        var port = FreePort();
        Directory.CreateDirectory(Path.Combine(_data, "launch"));
        await File.WriteAllTextAsync(Path.Combine(_data, "launch", "subscriber.sh"), $"exec dotnet Subscriber.dll --urls http://127.0.0.1:{port}\n");
        await File.WriteAllTextAsync(Path.Combine(_data, "app-api-token"), "token\n");

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, o => o.Protocols = HttpProtocols.Http2));
        _subscriber = builder.Build();
        _subscriber.MapGet("/dapr/subscribe", () => Results.Text("""[{"pubsubname":"pubsub","topic":"LoanEntryRecorded","route":"/events/LoanEntryRecorded"}]""", "application/json"));
        _subscriber.MapPost("/events/LoanEntryRecorded", async (HttpRequest request) =>
        {
            var envelope = await System.Text.Json.JsonDocument.ParseAsync(request.Body);
            lock (_received)
            {
                _received.Add(envelope.RootElement.GetProperty("id").GetString()!);
                return Results.StatusCode(_answers.Dequeue());
            }
        });
        await _subscriber.StartAsync(TestContext.Current.CancellationToken);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
