using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;

namespace FinanceMarket.Replay.Faults;

// Deliveries a broker may make that the relay never does on its own: an event delivered again after its
// subscriber took it (at-least-once), and a later event of another key delivered before an earlier one. The
// events are real ones, read from a service's outbox after it published them, and sent as daprd sends them:
// a structured CloudEvent with the app token, to every route that subscribes to the topic.
public sealed class Redelivery(string dataDir, Fleet fleet) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler())
    {
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        Timeout = TimeSpan.FromSeconds(30),
    };

    // Sends `count` published events of the service again, each twice, or (outOfOrder) pairs of events of
    // different keys, the later first. Which events is drawn from `random`; how many deliveries were made.
    public async Task<int> SendAsync(string service, int count, bool outOfOrder, Random random, CancellationToken ct)
    {
        var events = ReadPublished(service, 200);
        if (events.Count == 0)
        {
            return 0;
        }

        var routes = await RoutesAsync(ct);
        var delivered = 0;
        for (var i = 0; i < count; i++)
        {
            var first = events[random.Next(events.Count)];
            IReadOnlyList<Published> batch = [first, first];
            if (outOfOrder && events.Where(e => e.Key != first.Key && e.Seq > first.Seq).ToList() is { Count: > 0 } later)
            {
                batch = [later[random.Next(later.Count)], first];
            }

            foreach (var published in batch)
            {
                foreach (var (address, route, _) in routes.Where(r => r.Topic == published.Topic))
                {
                    if (await DeliverAsync(address, route, published, service, ct))
                    {
                        delivered++;
                    }
                }
            }
        }

        return delivered;
    }

    public void Dispose() => _http.Dispose();

    // The token daprd shows the apps it delivers to (APP_API_TOKEN), kept by run.sh beside the data.
    private const string AppTokenHeader = "dapr-api-token";

    // run.sh writes it once, before the first process starts: read once, not per delivery.
    private string AppToken => _appToken ??= File.ReadAllText(Path.Combine(dataDir, "app-api-token")).Trim();

    private string? _appToken;

    private sealed record Published(long Seq, string Id, string Topic, string Key, string Payload, string OccurredAt);

    private List<Published> ReadPublished(string service, int max)
    {
        var file = Path.Combine(dataDir, service + ".db");
        if (!File.Exists(file))
        {
            return [];
        }

        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, id, topic, ordering_key, payload, occurred_at FROM outbox WHERE published_at IS NOT NULL ORDER BY seq DESC LIMIT $max";
        command.Parameters.AddWithValue("$max", max);
        using var reader = command.ExecuteReader();
        var events = new List<Published>();
        while (reader.Read())
        {
            events.Add(new Published(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5)));
        }

        return events;
    }

    // Every service's subscriptions, as each answers /dapr/subscribe.
    private async Task<List<(string Address, string Route, string Topic)>> RoutesAsync(CancellationToken ct)
    {
        var routes = new List<(string, string, string)>();
        foreach (var service in fleet.Services)
        {
            var address = $"http://127.0.0.1:{fleet.PortOf(service)}";
            using var ask = new HttpRequestMessage(HttpMethod.Get, address + "/dapr/subscribe") { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
            ask.Headers.Add(AppTokenHeader, AppToken);
            HttpResponseMessage answer;
            try
            {
                answer = await _http.SendAsync(ask, ct);
            }
            catch (HttpRequestException)
            {
                // Down at this moment (another fault): the relays deliver to it once it is back.
                continue;
            }

            using var _ = answer;
            // A service that subscribes to nothing maps no /dapr/subscribe: its fallbacks refuse the request.
            if ((int)answer.StatusCode is >= 400 and < 500)
            {
                continue;
            }

            if (!answer.IsSuccessStatusCode)
            {
                throw new ReplayException($"{service} did not give its subscriptions ({(int)answer.StatusCode})");
            }

            var table = JsonNode.Parse(await answer.Content.ReadAsStringAsync(ct))!.AsArray();
            foreach (var subscription in table)
            {
                var route = (string?)subscription!["route"] ?? (string?)subscription["routes"]?["default"];
                if (route is not null)
                {
                    routes.Add((address, route, (string)subscription["topic"]!));
                }
            }
        }

        return routes;
    }

    // As a broker delivers: a 5xx (a subscriber failing on purpose, its store restarting) is delivered again
    // until taken, for up to a minute; a 4xx is a subscriber refusing a repeated event, which it must never do.
    private async Task<bool> DeliverAsync(string address, string route, Published published, string source, CancellationToken ct)
    {
        for (var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1); ; await Task.Delay(250, ct))
        {
            var (delivered, failure) = await DeliverOnceAsync(address, route, published, source, ct);
            if (failure is null)
            {
                return delivered;
            }

            if (failure.Value.Status < 500 || DateTime.UtcNow > deadline)
            {
                throw new ReplayException($"{address}{route} refused a repeated {published.Topic} ({failure.Value.Status}): {failure.Value.Body}");
            }
        }
    }

    private async Task<(bool Delivered, (int Status, string Body)? Failure)> DeliverOnceAsync(string address, string route, Published published, string source, CancellationToken ct)
    {
        var envelope = new JsonObject
        {
            ["specversion"] = "1.0",
            ["id"] = published.Id,
            ["source"] = source,
            ["type"] = published.Topic,
            ["topic"] = published.Topic,
            ["pubsubname"] = "pubsub",
            ["time"] = DateTimeOffset.Parse(published.OccurredAt, CultureInfo.InvariantCulture).ToString("O", CultureInfo.InvariantCulture),
            ["datacontenttype"] = "application/json",
            ["data"] = JsonNode.Parse(published.Payload),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, address + "/" + route.TrimStart('/'))
        {
            // The services speak HTTP/2 only (h2c); a message made by hand does not take the client's default.
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new StringContent(envelope.ToJsonString(), Encoding.UTF8, "application/cloudevents+json"),
        };
        request.Headers.Add(AppTokenHeader, AppToken);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, ct);
        }
        catch (HttpRequestException)
        {
            // The subscriber went down since its table was read: a delivery not made, as a broker's would be.
            return (false, null);
        }

        using var _ = response;
        return response.IsSuccessStatusCode ? (true, null) : (false, ((int)response.StatusCode, await response.Content.ReadAsStringAsync(ct)));
    }
}
