using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace FinanceMarket.Replay.Faults;

public sealed record HeldLoadOptions(
    int Products = 1_000, int ShelfReaders = 12, int NeedPosters = 4, double DownSeconds = 3, double SteadySeconds = 5, double DeadlineSeconds = 5);

// A steady load of shelf reads and needs through the gateway while each process of the platform in turn is
// killed (kill -9), kept down, and started again (bench/load.sh --faults). For each it measures what the
// callers saw while it was down (answers by status, the slowest refusal), how long after its restart the
// platform served the load it served before, and whether any answer was wrong: a shelf page or a need's
// match count that differs from what was listed, without the answer saying its shelf is stale.
public sealed class HeldLoad(PlatformApi api, Uri gateway, Fleet fleet, HeldLoadOptions options, string timeline, TextWriter log)
{
    private const double Recovered = 0.9;
    private static readonly TimeSpan Bucket = TimeSpan.FromMilliseconds(100);
    private const string BankId = "held-load-bank";
    private const string Uscc = "91130903MA0LD0008L";

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly ConcurrentQueue<Sample> _samples = new();
    // Answers that were right, by the 100 ms in which they came: [0] the shelf, [1] needs.
    private readonly long[][] _ok = [new long[(int)(TimeSpan.FromHours(2) / Bucket)], new long[(int)(TimeSpan.FromHours(2) / Bucket)]];
    private readonly HashSet<string> _listed = new(StringComparer.Ordinal);

    private enum Outcome { Ok, Stale, Wrong, Refused, Hung, Status }

    private sealed record Sample(bool Need, TimeSpan At, TimeSpan Took, Outcome Outcome, int Status);

    public sealed record Window(string Target, TimeSpan Killed, TimeSpan Back, double[] BaselinePerSecond, TimeSpan? Recovery);

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var (bank, enterprise) = await SeedAsync(ct);
        log.WriteLine($"Shelf of {options.Products:N0} products, every one fitting the need; {options.ShelfReaders} shelf readers and {options.NeedPosters} need posters, each request given {options.DeadlineSeconds:F0} s.");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.ShelfReaders + options.NeedPosters }) { BaseAddress = gateway, Timeout = Timeout.InfiniteTimeSpan };
        var workers = Enumerable.Range(0, options.ShelfReaders).Select(_ => LoopAsync(http, false, bank, stop.Token))
            .Concat(Enumerable.Range(0, options.NeedPosters).Select(_ => LoopAsync(http, true, enterprise, stop.Token))).ToList();

        // Warm first (the paths' first seconds are the JIT's), then each process in turn, the gateway last.
        await Task.Delay(TimeSpan.FromSeconds(options.SteadySeconds * 2), ct);
        var windows = new List<Window>();
        foreach (var target in fleet.Services.Append("gateway"))
        {
            await Task.Delay(TimeSpan.FromSeconds(options.SteadySeconds), ct);
            var killed = _clock.Elapsed;
            var baseline = OkPerSecond(killed - TimeSpan.FromSeconds(options.SteadySeconds), killed);
            fleet.Kill(target);
            await Task.Delay(TimeSpan.FromSeconds(options.DownSeconds), ct);
            await fleet.StartAsync(target, ct);
            var back = _clock.Elapsed;
            var recovery = await RecoveryAsync(back, baseline, ct);
            windows.Add(new Window(target, killed, back, baseline, recovery));
            log.WriteLine($"{target}: down {(back - killed).TotalSeconds:F1} s, " + (recovery is { } r ? $"full load again {r.TotalSeconds:F1} s after its restart" : "the load did not come back within 60 s"));
        }

        await stop.CancelAsync();
        await Task.WhenAll(workers);
        return Report(windows);
    }

    // A bank with the shelf, and a registered enterprise whose need every product fits; returns their tokens
    // once matching has every listing (they reach it by their events).
    private async Task<(string Bank, string Enterprise)> SeedAsync(CancellationToken ct)
    {
        var province = await api.TokenAsync("official", "held-load-province", "13", ct);
        await api.SendAsync(HttpMethod.Post, "/api/v1/banks", province, new { bankId = BankId, name = "Held Load Bank" }, ct, conflictIsFine: true);
        var bank = await api.TokenAsync("bank", BankId, ct: ct);
        await Parallel.ForEachAsync(Enumerable.Range(1, options.Products), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (i, c) =>
        {
            var product = await api.PostAsync($"/api/v1/banks/{BankId}/products", bank, new
            {
                name = $"Held load product {i}", kind = "CREDIT", minAmountFen = 1_000_000L, maxAmountFen = 500_000_000L, minTermMonths = 3, maxTermMonths = 36 + (i % 24),
                rateSpreadBp = (i % 13 * 10) - 30, decisionSlaDays = 1 + (i % 9), subsidyEligible = i % 2 == 0,
                eligibility = Eligibility,
            }, c);
            lock (_listed)
            {
                _listed.Add((string)product["productId"]!);
            }
        });

        var enterprise = await api.TokenAsync("enterprise", Uscc, ct: ct);
        await api.SendAsync(HttpMethod.Post, "/api/v1/enterprises", enterprise, new
        {
            uscc = Uscc, name = "Held load works", industryCode = "C34", regionCode = "130903", employees = 45, annualRevenueFen = 1_200_000_000L,
            totalAssetsFen = 900_000_000L, establishedOn = "2015-06-01", taxCreditRating = "B",
        }, ct, conflictIsFine: true);
        for (var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90); ; await Task.Delay(500, ct))
        {
            var need = await api.PostAsync("/api/v1/financing-needs", enterprise, NeedBody, ct);
            if ((int?)need["matchCount"] == _listed.Count)
            {
                return (bank, enterprise);
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new ReplayException($"matching has {need["matchCount"]} of the {_listed.Count} listed products after 90 s");
            }
        }
    }

    private static readonly object Eligibility = new { industryCodes = new[] { "C" }, regionCodes = new[] { "13" } };

    private static readonly object NeedBody = new { uscc = Uscc, amountFen = 50_000_000L, termMonths = 12, purpose = "Working capital" };

    // One caller: a request, its answer judged, and the next; after a failure a short pause, as a client's
    // retry would (a loop on refused connections would only burn the cores the restart needs).
    private async Task LoopAsync(HttpClient http, bool need, string token, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var at = _clock.Elapsed;
            var (outcome, status) = await SendAsync(http, need, token, stop);
            if (stop.IsCancellationRequested)
            {
                return;
            }

            var took = _clock.Elapsed - at;
            _samples.Enqueue(new Sample(need, at, took, outcome, status));
            if (outcome is Outcome.Ok or Outcome.Stale)
            {
                Interlocked.Increment(ref _ok[need ? 1 : 0][(int)((at + took) / Bucket)]);
            }
            else
            {
                await Task.Delay(50, CancellationToken.None);
            }
        }
    }

    private async Task<(Outcome, int)> SendAsync(HttpClient http, bool need, string token, CancellationToken stop)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stop);
        deadline.CancelAfter(TimeSpan.FromSeconds(options.DeadlineSeconds));
        using var request = need
            ? new HttpRequestMessage(HttpMethod.Post, "/api/v1/financing-needs") { Content = JsonContent.Create(NeedBody) }
            : new HttpRequestMessage(HttpMethod.Get, "/api/v1/products?pageSize=20");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            using var response = await http.SendAsync(request, deadline.Token);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return (Outcome.Status, (int)response.StatusCode);
            }

            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(deadline.Token))!;
            return (need ? JudgeNeed(body) : JudgeShelf(body), 200);
        }
        catch (OperationCanceledException)
        {
            // Past its deadline; or the run is over, and the loop drops the answer it no longer waits for.
            return (Outcome.Hung, 0);
        }
        catch (HttpRequestException)
        {
            return (Outcome.Refused, 0);
        }
    }

    // Every match counted, or the answer says it used its last view of the shelf.
    private Outcome JudgeNeed(JsonNode need) =>
        (bool?)need["shelfStale"] == true ? Outcome.Stale
        : (int?)need["matchCount"] == _listed.Count && need["needId"] is not null ? Outcome.Ok
        : Outcome.Wrong;

    // A full page, every product one that was listed.
    private Outcome JudgeShelf(JsonNode page) =>
        page["products"]?.AsArray() is { Count: 20 } products && products.All(p => _listed.Contains((string?)p?["productId"] ?? "") && (string?)p!["bankId"] == BankId)
            ? Outcome.Ok
            : Outcome.Wrong;

    // Right answers a second, the shelf's and the needs'.
    private double[] OkPerSecond(TimeSpan from, TimeSpan to)
    {
        var (first, last) = ((int)(from / Bucket), (int)(to / Bucket));
        return [.. _ok.Select(buckets =>
        {
            long sum = 0;
            for (var i = first; i < last; i++)
            {
                sum += Interlocked.Read(ref buckets[i]);
            }

            return sum / (to - from).TotalSeconds;
        })];
    }

    // From the restart: the start of the first whole second in which the shelf reads and the needs are each
    // answered (rightly) at 90 % of their rate before the kill.
    private async Task<TimeSpan?> RecoveryAsync(TimeSpan back, double[] baseline, CancellationToken ct)
    {
        for (var start = back; start < back + TimeSpan.FromSeconds(60); start += Bucket)
        {
            while (_clock.Elapsed < start + TimeSpan.FromSeconds(1))
            {
                await Task.Delay(Bucket, ct);
            }

            if (OkPerSecond(start, start + TimeSpan.FromSeconds(1)).Zip(baseline).All(r => r.First >= Recovered * r.Second))
            {
                return start - back;
            }
        }

        return null;
    }

    private int Report(IReadOnlyList<Window> windows)
    {
        var samples = _samples.ToList();
        log.WriteLine();
        log.WriteLine("| killed | down | answered while down: shelf (ok / 503 / other / refused / over deadline) | needs (ok / 503 / other / refused / over deadline) | slowest failed answer | full load again after restart |");
        log.WriteLine("|---|---|---|---|---|---|");
        foreach (var w in windows)
        {
            var down = samples.Where(s => s.At >= w.Killed && s.At < w.Back).ToList();
            var slowest = down.Where(s => s.Outcome is not (Outcome.Ok or Outcome.Stale)).Select(s => s.Took).DefaultIfEmpty().Max();
            log.WriteLine($"| {w.Target} | {(w.Back - w.Killed).TotalSeconds:F1} s | {Counts(down.Where(s => !s.Need))} | {Counts(down.Where(s => s.Need))} | {slowest.TotalMilliseconds:F0} ms | " +
                (w.Recovery is { } r ? $"{r.TotalSeconds:F1} s" : "not within 60 s") + $" (before: {w.BaselinePerSecond[0]:F0} shelf pages/s, {w.BaselinePerSecond[1]:F0} needs/s) |");
        }

        // Second by second, for a closer look: what each kind of request got.
        File.WriteAllLines(timeline, ["second,shelf_ok,shelf_failed,needs_ok,needs_stale,needs_failed,wrong,over_deadline", .. samples
            .GroupBy(s => (int)s.At.TotalSeconds).OrderBy(g => g.Key)
            .Select(g => string.Join(',', g.Key, g.Count(s => !s.Need && s.Outcome == Outcome.Ok), g.Count(s => !s.Need && s.Outcome is Outcome.Status or Outcome.Refused or Outcome.Hung),
                g.Count(s => s.Need && s.Outcome == Outcome.Ok), g.Count(s => s.Outcome == Outcome.Stale), g.Count(s => s.Need && s.Outcome is Outcome.Status or Outcome.Refused or Outcome.Hung),
                g.Count(s => s.Outcome == Outcome.Wrong), g.Count(s => s.Outcome == Outcome.Hung)))]);
        log.WriteLine($"Second by second: {timeline}; the processes' kills at " + string.Join(", ", windows.Select(w => $"{w.Target} {w.Killed.TotalSeconds:F0} s")) + ".");
        var wrong = samples.Count(s => s.Outcome == Outcome.Wrong);
        var hung = samples.Count(s => s.Outcome == Outcome.Hung);
        var stale = samples.Count(s => s.Outcome == Outcome.Stale);
        log.WriteLine();
        log.WriteLine($"{samples.Count:N0} requests in {_clock.Elapsed.TotalSeconds:F0} s: {wrong} answered wrongly, {hung} past their {options.DeadlineSeconds:F0} s deadline, " +
            $"{stale} needs matched on the last view of the shelf (and saying so).");
        return wrong == 0 && hung == 0 && windows.All(w => w.Recovery is not null) ? 0 : 1;
    }

    private static string Counts(IEnumerable<Sample> samples)
    {
        var list = samples.ToList();
        var other = list.Where(s => s.Outcome == Outcome.Status && s.Status != 503).GroupBy(s => s.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}").ToList();
        return $"{list.Count(s => s.Outcome is Outcome.Ok or Outcome.Stale)} / {list.Count(s => s.Status == 503)} / {(other.Count == 0 ? "0" : string.Join(" ", other))} / " +
            $"{list.Count(s => s.Outcome == Outcome.Refused)} / {list.Count(s => s.Outcome == Outcome.Hung)}" + (list.Any(s => s.Outcome == Outcome.Wrong) ? $" ({list.Count(s => s.Outcome == Outcome.Wrong)} WRONG)" : "");
    }
}
