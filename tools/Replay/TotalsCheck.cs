using System.Text.Json.Nodes;

namespace FinanceMarket.Replay;

// The platform's totals for the replayed district, as the Ledger names its scopes, compared with the ledger.
internal sealed class TotalsCheck(PlatformApi api, string regionCode, string official, DateOnly from, DateOnly to)
{
    // The totals are kept from events the outboxes relay: poll until the district's figures are what was
    // sent, for the district and every bank and month (or the time is up), and report each figure.
    public async Task<IReadOnlyList<FigureCheck>> SettleAsync(
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> expected,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> baseline,
        TimeSpan timeout,
        CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var actual = await ReadAsync(ct);
            var checks = Compare(expected, baseline, actual);
            if (checks.All(c => c.Equal) || DateTime.UtcNow > deadline)
            {
                return checks;
            }

            await Task.Delay(500, ct);
        }
    }

    // The enterprises on the platform (a stock, counted from the registry's events): the district's count
    // grows by the enterprises the replay registered; polled like the rest until it does.
    public async Task<FigureCheck> RegisteredAsync(long registered, long before, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var now = PlatformApi.Number((await api.GetAsync($"/api/v1/totals?regionCode={Uri.EscapeDataString(regionCode)}", official, ct))["enterprisesRegistered"]);
            if (now - before == registered || DateTime.UtcNow > deadline)
            {
                return new FigureCheck(Ledger.District, "enterprisesRegistered", registered, now - before);
            }

            await Task.Delay(500, ct);
        }
    }

    public async Task<long> RegisteredAsync(CancellationToken ct) =>
        PlatformApi.Number((await api.GetAsync($"/api/v1/totals?regionCode={Uri.EscapeDataString(regionCode)}", official, ct))["enterprisesRegistered"]);

    private static List<FigureCheck> Compare(
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> expected,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> baseline,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> actual)
    {
        var checks = new List<FigureCheck>();
        foreach (var (scope, figures) in expected.OrderBy(s => s.Key == Ledger.District ? "" : s.Key, StringComparer.Ordinal))
        {
            foreach (var figure in figures.Keys)
            {
                var before = baseline.TryGetValue(scope, out var b) ? b.GetValueOrDefault(figure) : 0;
                var now = actual.TryGetValue(scope, out var a) ? a.GetValueOrDefault(figure) : 0;
                checks.Add(new FigureCheck(scope, figure, figures[figure], now - before));
            }
        }

        return checks;
    }

    // The district's totals and its rows by bank and by month, as the Ledger names its scopes.
    public async Task<IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>>> ReadAsync(CancellationToken ct)
    {
        var region = Uri.EscapeDataString(regionCode);
        var scopes = new Dictionary<string, IReadOnlyDictionary<string, long>>(StringComparer.Ordinal)
        {
            [Ledger.District] = FiguresOf(await api.GetAsync($"/api/v1/totals?regionCode={region}", official, ct)),
        };
        foreach (var by in new[] { "BANK", "MONTH" })
        {
            var breakdown = await api.GetAsync($"/api/v1/totals/breakdown?by={by}&regionCode={region}", official, ct);
            foreach (var row in breakdown["rows"]?.AsArray() ?? [])
            {
                scopes[by + ":" + (string)row!["key"]!] = FiguresOf(row.AsObject());
            }
        }

        var cards = await api.GetAsync($"/api/v1/scorecards?regionCode={region}&from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}", official, ct);
        scopes[Ledger.Cards] = new Dictionary<string, long> { ["untakenBroadcasts"] = PlatformApi.Number(cards["untakenBroadcasts"]) };
        foreach (var card in cards["scorecards"]?.AsArray() ?? [])
        {
            scopes[Ledger.Cards + ":" + (string)card!["bankId"]!] = Ledger.CardFigures.ToDictionary(f => f, f => PlatformApi.Number(card[f]), StringComparer.Ordinal);
        }

        return scopes;
    }

    private static Dictionary<string, long> FiguresOf(JsonObject figures) =>
        Ledger.Figures.ToDictionary(f => f, f => PlatformApi.Number(figures[f]), StringComparer.Ordinal);
}
