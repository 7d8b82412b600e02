using Microsoft.Data.Sqlite;

namespace FinanceMarket.Replay.Faults;

// What must hold once a run with faults has settled, beyond the figures: every outbox delivered (nothing
// pending, nothing parked), and every subsidy programme holding exactly its claims (reserved the sum of the
// claims pending or approved, paid the sum of those paid, the two together within the budget).
public sealed class EndState(string dataDir, PlatformApi api, string regionCode)
{
    public async Task<IReadOnlyList<FigureCheck>> CheckAsync(TimeSpan settle, CancellationToken ct)
    {
        var checks = new List<FigureCheck>();
        checks.AddRange(await OutboxesAsync(settle, ct));
        checks.AddRange(await ProgrammesAsync(ct));
        return checks;
    }

    // The relays deliver what is pending within moments once every process is up; waits for that.
    private async Task<IReadOnlyList<FigureCheck>> OutboxesAsync(TimeSpan settle, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + settle;
        while (true)
        {
            var checks = Directory.GetFiles(dataDir, "*.db").Order(StringComparer.Ordinal).SelectMany(file =>
            {
                var (pending, parked) = Count(file);
                var service = Path.GetFileNameWithoutExtension(file);
                return new[] { new FigureCheck("outbox " + service, "events not yet delivered", 0, pending), new FigureCheck("outbox " + service, "events parked", 0, parked) };
            }).ToList();
            if (checks.All(c => c.Equal) || DateTime.UtcNow > deadline)
            {
                return checks;
            }

            await Task.Delay(500, ct);
        }
    }

    private static (long Pending, long Parked) Count(string file)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(SUM(published_at IS NULL AND parked = 0), 0), COALESCE(SUM(parked), 0) FROM outbox";
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private async Task<IReadOnlyList<FigureCheck>> ProgrammesAsync(CancellationToken ct)
    {
        var official = await api.TokenAsync("official", "replay-official-" + regionCode, regionCode, ct);
        var claims = await AllAsync($"/api/v1/subsidy-claims?regionCode={regionCode}", "claims", official, ct);
        var checks = new List<FigureCheck>();
        foreach (var programme in await AllAsync($"/api/v1/subsidy-programs?regionCode={regionCode}", "programs", official, ct))
        {
            var id = (string)programme["programId"]!;
            var own = claims.Where(c => (string?)c["programId"] == id).ToList();
            var scope = "programme " + (string?)programme["name"];
            var reserved = PlatformApi.Number(programme["reservedFen"]);
            var paid = PlatformApi.Number(programme["paidFen"]);
            // A claim holds its amount from submission until it is paid (then it is paid) or rejected (then freed).
            checks.Add(new FigureCheck(scope, "reserved = claims pending or approved", Sum(own, "PENDING", "APPROVED"), reserved));
            checks.Add(new FigureCheck(scope, "paid = claims paid", Sum(own, "PAID"), paid));
            checks.Add(new FigureCheck(scope, "reserved and paid beyond the budget", 0, Math.Max(0, reserved + paid - PlatformApi.Number(programme["budgetFen"]))));
        }

        return checks;
    }

    private static long Sum(IEnumerable<System.Text.Json.Nodes.JsonObject> claims, params string[] statuses) =>
        claims.Where(c => statuses.Contains((string?)c["status"])).Sum(c => PlatformApi.Number(c["amountFen"]));

    private async Task<List<System.Text.Json.Nodes.JsonObject>> AllAsync(string path, string field, string token, CancellationToken ct)
    {
        var items = new List<System.Text.Json.Nodes.JsonObject>();
        var pageToken = "";
        do
        {
            var page = await api.GetAsync($"{path}&pageSize=100&pageToken={Uri.EscapeDataString(pageToken)}", token, ct);
            items.AddRange(page[field]?.AsArray().Select(n => n!.AsObject()) ?? []);
            pageToken = (string?)page["nextPageToken"] ?? "";
        }
        while (pageToken.Length > 0);
        return items;
    }
}
