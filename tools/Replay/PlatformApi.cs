using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace FinanceMarket.Replay;

// The public REST API at the gateway, as any script would use it: demo tokens of local mode, a bearer per
// call, and patience where the platform asks for it (429 with Retry-After, 503 while a service restarts).
public sealed class PlatformApi(HttpClient http) : IDisposable
{
    private const int Attempts = 30;

    public const string IdempotencyKeyHeader = "Idempotency-Key";
    private readonly ConcurrentDictionary<(string Role, string Subject, string? Region), Task<string>> _tokens = new();
    private long _requests;
    private int _shortWrites;
    private long _shortTimeoutTicks;
    private int _timedOut;

    public long Requests => Interlocked.Read(ref _requests);

    // Writes whose first attempt gave up on its answer (a fault the schedule drew) and was sent again.
    public int TimedOutWrites => Volatile.Read(ref _timedOut);

    // The first attempt of each of the next `count` writes gives up after `after`, as a client whose timeout
    // is shorter than the platform's answer: it cannot know whether the write happened and sends it again.
    public void TimeOutNextWrites(int count, TimeSpan after)
    {
        Interlocked.Exchange(ref _shortTimeoutTicks, after.Ticks);
        Interlocked.Exchange(ref _shortWrites, count);
    }

    public static PlatformApi For(Uri gateway) => new(new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 32 })
    {
        BaseAddress = gateway,
        Timeout = TimeSpan.FromSeconds(30),
    });

    public Task<string> TokenAsync(string role, string subject, string? region = null, CancellationToken ct = default) =>
        _tokens.GetOrAdd((role, subject, region), async key =>
        {
            var body = await SendAsync(HttpMethod.Post, "/api/v1/dev/tokens", null, new { role = key.Role, subject = key.Subject, region = key.Region }, ct)
                ?? throw new ReplayException("POST /api/v1/dev/tokens: demo tokens are served only in local mode (./run.sh)");
            return (string)body["token"]!;
        });

    public async Task<JsonObject> PostAsync(string path, string token, object body, CancellationToken ct) =>
        await SendAsync(HttpMethod.Post, path, token, body, ct) ?? throw new ReplayException($"POST {path}: 404");

    public async Task<JsonObject> GetAsync(string path, string? token, CancellationToken ct) =>
        await SendAsync(HttpMethod.Get, path, token, null, ct) ?? throw new ReplayException($"GET {path}: 404");

    // A file the API answers as text (a report in csv), read with the token.
    public async Task<string> GetTextAsync(string path, string token, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Interlocked.Increment(ref _requests);
        using var response = await http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        return response.IsSuccessStatusCode ? text : throw new ReplayException($"GET {path}: {(int)response.StatusCode} {text}");
    }

    // Null for 404, the body for 2xx; 409 when `conflictIsFine` says the thing already exists. Every write
    // carries an Idempotency-Key, the same on each attempt, so a write whose answer was lost (no answer, a
    // timeout, 502/503 while a process restarts) is sent again and takes effect at most once: its retry gets
    // the first answer. 429 is waited out. 404 answers null; with badRequestIsFine a 400 does too (a refusal
    // the caller expects and counts on).
    public async Task<JsonObject?> SendAsync(
        HttpMethod method, string path, string? token, object? body, CancellationToken ct, bool conflictIsFine = false, bool badRequestIsFine = false)
    {
        var key = method == HttpMethod.Get ? null : Guid.NewGuid().ToString();
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, path);
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            if (key is not null)
            {
                request.Headers.Add(IdempotencyKeyHeader, key);
            }

            if (body is not null)
            {
                request.Content = JsonContent.Create(body);
            }

            Interlocked.Increment(ref _requests);
            HttpResponseMessage response;
            using var shortTimeout = key is not null && attempt == 1 && Interlocked.Decrement(ref _shortWrites) >= 0
                ? CancellationTokenSource.CreateLinkedTokenSource(ct)
                : null;
            shortTimeout?.CancelAfter(TimeSpan.FromTicks(Interlocked.Read(ref _shortTimeoutTicks)));
            try
            {
                response = await http.SendAsync(request, shortTimeout?.Token ?? ct);
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                if (shortTimeout?.IsCancellationRequested == true)
                {
                    Interlocked.Increment(ref _timedOut);
                }

                if (attempt < Attempts)
                {
                    await Task.Delay(Backoff(attempt), ct);
                    continue;
                }

                throw new ReplayException($"{method} {path}: no answer after {attempt} attempts ({e.Message})");
            }

            using (response)
            {
                var retry = response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway;
                if (retry && attempt < Attempts)
                {
                    await Task.Delay(response.Headers.RetryAfter?.Delta ?? Backoff(attempt), ct);
                    continue;
                }

                if (response.StatusCode == HttpStatusCode.NotFound || (badRequestIsFine && response.StatusCode == HttpStatusCode.BadRequest))
                {
                    return null;
                }

                var text = await response.Content.ReadAsStringAsync(ct);
                if (response.IsSuccessStatusCode || (conflictIsFine && response.StatusCode == HttpStatusCode.Conflict))
                {
                    return text.Length == 0 ? [] : JsonNode.Parse(text)!.AsObject();
                }

                throw new ReplayException($"{method} {path}: {(int)response.StatusCode} {text}");
            }
        }
    }

    // A count or an amount: int64 figures arrive as JSON strings from gRPC JSON transcoding, small ones may be numbers.
    public static long Number(JsonNode? node) => node switch
    {
        null => 0,
        JsonValue v when v.TryGetValue<long>(out var n) => n,
        JsonValue v when v.TryGetValue<string>(out var s) => long.Parse(s, CultureInfo.InvariantCulture),
        _ => throw new ReplayException($"not a number: {node.ToJsonString()}"),
    };

    public void Dispose() => http.Dispose();

    private static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(Math.Min(2_000, 100 * attempt));
}

public sealed class ReplayException(string message) : Exception(message);
