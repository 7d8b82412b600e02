using FinanceMarket.ServiceDefaults.Storage;
using FinanceMarket.Totals.Model;
using Microsoft.Data.Sqlite;

namespace FinanceMarket.Totals.Infrastructure;

// Each event in its own savepoint of the writer's transaction: the seen-mark, the outcome, every counter and
// every distinct member commit together or not at all.
internal sealed class SqliteTotalsStore(SqliteDatabase database) : ITotalsStore
{
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS seen_events (
            event_id TEXT PRIMARY KEY
        );
        CREATE TABLE IF NOT EXISTS outcomes (
            outcome_key TEXT PRIMARY KEY,
            event_id TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS figures (
            scope TEXT PRIMARY KEY,
            matchedDeals INTEGER NOT NULL DEFAULT 0,
            creditGrantedFen INTEGER NOT NULL DEFAULT 0,
            enterprisesServed INTEGER NOT NULL DEFAULT 0,
            applications INTEGER NOT NULL DEFAULT 0,
            rejected INTEGER NOT NULL DEFAULT 0,
            subsidyClaimsPaid INTEGER NOT NULL DEFAULT 0,
            subsidyPaidFen INTEGER NOT NULL DEFAULT 0,
            subsidisedPrincipalFen INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE IF NOT EXISTS distinct_members (
            set_scope TEXT NOT NULL,
            member TEXT NOT NULL,
            PRIMARY KEY (set_scope, member)
        );
        """;

    // Through the file's one writer: events arriving together share one durable commit.
    public Task<bool> ApplyAsync(TotalsChange change, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) => ApplyAsync(connection, transaction, change, cancellationToken), applied => applied, cancellationToken);

    private static async Task<bool> ApplyAsync(SqliteConnection connection, SqliteTransaction transaction, TotalsChange change, CancellationToken cancellationToken)
    {
        if (await ExecuteAsync(connection, transaction, "INSERT OR IGNORE INTO seen_events (event_id) VALUES ($id)", cancellationToken, ("$id", change.EventId.ToString())) == 0)
        {
            return false;
        }

        var counts = change.Outcome is null
            || await ExecuteAsync(connection, transaction, "INSERT OR IGNORE INTO outcomes (outcome_key, event_id) VALUES ($key, $id)",
                cancellationToken, ("$key", change.Outcome), ("$id", change.EventId.ToString())) == 1;
        if (counts)
        {
            foreach (var scope in change.Scopes)
            {
                await AddAsync(connection, transaction, scope, change.Counters, cancellationToken);
                foreach (var distinct in new[] { change.Served, change.Principal }.OfType<Distinct>())
                {
                    if (await ExecuteAsync(connection, transaction, "INSERT OR IGNORE INTO distinct_members (set_scope, member) VALUES ($set, $member)",
                        cancellationToken, ("$set", distinct.Set + ":" + scope), ("$member", distinct.Member)) == 1)
                    {
                        await AddAsync(connection, transaction, scope, new Dictionary<string, long> { [distinct.Counter] = distinct.Amount }, cancellationToken);
                    }
                }
            }
        }

        return true;
    }

    public async Task<Figures> GetAsync(string scope, CancellationToken cancellationToken)
    {
        var rows = await ReadAsync("SELECT * FROM figures WHERE scope = $scope", cancellationToken, ("$scope", scope));
        return rows.Count == 0 ? Figures.Zero : rows[0].Figures;
    }

    public async Task<IReadOnlyList<(string Key, Figures Figures)>> BreakdownAsync(string region, Dimension dimension, CancellationToken cancellationToken)
    {
        var prefix = Scopes.Prefix(region, dimension);
        // Every scope that starts with the prefix: from it up to (not including) the prefix with '|' + 1 ('}').
        var rows = await ReadAsync("SELECT * FROM figures WHERE scope >= $from AND scope < $to ORDER BY scope", cancellationToken,
            ("$from", prefix), ("$to", prefix[..^1] + "}"));
        return [.. rows.Select(r => (r.Scope[prefix.Length..], r.Figures))];
    }

    private static async Task AddAsync(SqliteConnection connection, SqliteTransaction transaction, string scope, IReadOnlyDictionary<string, long> counters, CancellationToken cancellationToken)
    {
        if (counters.Count == 0)
        {
            return;
        }

        // Counter names come from Figures.Names only, never from input, so they can be spliced into the SQL.
        var names = counters.Keys.Where(Figures.Names.Contains).ToList();
        var sql = $"""
            INSERT INTO figures (scope, {string.Join(", ", names)}) VALUES ($scope, {string.Join(", ", names.Select((_, i) => "$v" + i))})
            ON CONFLICT (scope) DO UPDATE SET {string.Join(", ", names.Select(n => $"{n} = {n} + excluded.{n}"))}
            """;
        await ExecuteAsync(connection, transaction, sql, cancellationToken,
            [("$scope", scope), .. names.Select((n, i) => ("$v" + i, (object?)counters[n]))]);
    }

    private async Task<List<(string Scope, Figures Figures)>> ReadAsync(string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var connection = database.Open();
        await using var command = SqliteDatabase.Command(connection, null, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<(string, Figures)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var counters = Figures.Names.ToDictionary(n => n, n => reader.GetInt64(reader.GetOrdinal(n)));
            rows.Add((reader.GetString(reader.GetOrdinal("scope")), Figures.From(counters)));
        }

        return rows;
    }

    private static async Task<int> ExecuteAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var command = SqliteDatabase.Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
