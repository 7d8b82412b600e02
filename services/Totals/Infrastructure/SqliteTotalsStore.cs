using FinanceMarket.ServiceDefaults.Storage;
using FinanceMarket.Totals.Model;
using Microsoft.Data.Sqlite;

namespace FinanceMarket.Totals.Infrastructure;

// Each event in its own savepoint of the writer's transaction: the seen-mark, the outcome, every counter and
// every distinct member commit together or not at all.
internal sealed class SqliteTotalsStore : ITotalsStore
{
    private readonly SqliteDatabase database;

    public SqliteTotalsStore(SqliteDatabase database)
    {
        this.database = database;
        AddMissingColumns(database);
    }

    public const string Schema = """
        -- Random keys (event ids, member codes) in tables WITHOUT ROWID: one B-tree and one dirtied page per
        -- insert instead of a rowid table and its key index. Files of the earlier layout (seen_events,
        -- outcomes, distinct_members with rowids) are moved over once; on a new file this touches nothing.
        CREATE TABLE IF NOT EXISTS seen_events (event_id TEXT PRIMARY KEY);
        CREATE TABLE IF NOT EXISTS seen (event_id TEXT PRIMARY KEY) WITHOUT ROWID;
        INSERT OR IGNORE INTO seen (event_id) SELECT event_id FROM seen_events;
        DROP TABLE seen_events;
        CREATE TABLE IF NOT EXISTS outcomes (outcome_key TEXT PRIMARY KEY, event_id TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS application_outcomes (outcome_key TEXT PRIMARY KEY, event_id TEXT NOT NULL) WITHOUT ROWID;
        INSERT OR IGNORE INTO application_outcomes (outcome_key, event_id) SELECT outcome_key, event_id FROM outcomes;
        DROP TABLE outcomes;
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
        -- Keyed member first: an event's members of all its scopes land on one page, where (set_scope,
        -- member) dirtied a random page per scope.
        CREATE TABLE IF NOT EXISTS members (
            member TEXT NOT NULL,
            set_scope TEXT NOT NULL,
            PRIMARY KEY (member, set_scope)
        ) WITHOUT ROWID;
        INSERT OR IGNORE INTO members (member, set_scope) SELECT member, set_scope FROM distinct_members;
        DROP TABLE distinct_members;
        -- The scorecards' counters (Scorecards): any name, one row per scope and name.
        CREATE TABLE IF NOT EXISTS score_counts (
            scope TEXT NOT NULL,
            name TEXT NOT NULL,
            value INTEGER NOT NULL,
            PRIMARY KEY (scope, name)
        ) WITHOUT ROWID;
        """;

    // The table above holds the figures it began with; each figure added since gets its column here, once
    // per file (SQLite has no ADD COLUMN IF NOT EXISTS). Names come from Figures.Names, never from input.
    private static void AddMissingColumns(SqliteDatabase database)
    {
        using var connection = database.Open();
        var present = new HashSet<string>(StringComparer.Ordinal);
        using (var command = SqliteDatabase.Command(connection, null, "SELECT name FROM pragma_table_info('figures')"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                present.Add(reader.GetString(0));
            }
        }

        foreach (var name in Figures.Names.Where(n => !present.Contains(n)))
        {
            SqliteDatabase.Execute(connection, $"ALTER TABLE figures ADD COLUMN {name} INTEGER NOT NULL DEFAULT 0");
        }
    }

    // Through the file's one writer: events arriving together share one durable commit.
    public Task<bool> ApplyAsync(TotalsChange change, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) => ApplyAsync(connection, transaction, change, cancellationToken), applied => applied, cancellationToken);

    // Four statements per event however many scopes it touches: the seen-mark, the outcome, the distinct
    // members of every scope at once (RETURNING names the scopes where a member is new), and one upsert of
    // every scope's figures. One statement per scope and counter made the store statement-bound (675/s).
    private static async Task<bool> ApplyAsync(SqliteConnection connection, SqliteTransaction transaction, TotalsChange change, CancellationToken cancellationToken)
    {
        if (await SqliteDatabase.ExecuteAsync(connection, transaction, "INSERT OR IGNORE INTO seen (event_id) VALUES ($id)", cancellationToken, ("$id", change.EventId.ToString())) == 0)
        {
            return false;
        }

        var counts = change.Outcome is null
            || await SqliteDatabase.ExecuteAsync(connection, transaction, "INSERT OR IGNORE INTO application_outcomes (outcome_key, event_id) VALUES ($key, $id)",
                cancellationToken, ("$key", change.Outcome), ("$id", change.EventId.ToString())) == 1;
        if (!counts || change.Scopes.Count == 0)
        {
            return true;
        }

        // Counter names come from Figures.Names only, never from input, so they can be spliced into the SQL.
        var names = change.Counters.Keys.Where(Figures.Names.Contains).ToList();
        var rows = change.Scopes.Distinct(StringComparer.Ordinal).ToDictionary(scope => scope, _ => names.ToDictionary(n => n, n => change.Counters[n], StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var distinct in change.Distincts)
        {
            foreach (var scope in await NewMembersAsync(connection, transaction, distinct, change.Scopes, cancellationToken))
            {
                var row = rows[scope];
                row[distinct.Counter] = row.GetValueOrDefault(distinct.Counter) + distinct.Amount;
            }
        }

        await AddAsync(connection, transaction, rows, cancellationToken);
        await AddScoresAsync(connection, transaction, change, cancellationToken);
        return true;
    }

    // The counters that are not figures (a scorecard's), in every scope of the change, by one upsert.
    private static async Task AddScoresAsync(SqliteConnection connection, SqliteTransaction transaction, TotalsChange change, CancellationToken cancellationToken)
    {
        var scores = change.Counters.Where(c => !Figures.Names.Contains(c.Key)).ToList();
        if (scores.Count == 0)
        {
            return;
        }

        var parameters = new List<(string, object?)>();
        var values = new List<string>();
        foreach (var scope in change.Scopes.Distinct(StringComparer.Ordinal))
        {
            foreach (var (name, amount) in scores)
            {
                var i = values.Count;
                values.Add($"($s{i}, $n{i}, $v{i})");
                parameters.AddRange([("$s" + i, scope), ("$n" + i, name), ("$v" + i, amount)]);
            }
        }

        await SqliteDatabase.ExecuteAsync(connection, transaction,
            $"INSERT INTO score_counts (scope, name, value) VALUES {string.Join(", ", values)} ON CONFLICT (scope, name) DO UPDATE SET value = value + excluded.value",
            cancellationToken, [.. parameters]);
    }

    public async Task<IReadOnlyList<(string Day, IReadOnlyDictionary<string, long> Counters)>> ScoreRowsAsync(
        string region, DateOnly firstDay, DateOnly lastDay, CancellationToken cancellationToken)
    {
        var prefix = Scorecards.Scope(region, string.Empty);
        await using var connection = database.Open();
        await using var command = SqliteDatabase.Command(connection, null,
            "SELECT scope, name, value FROM score_counts WHERE scope >= $from AND scope <= $to ORDER BY scope",
            ("$from", prefix + Dates.Day(firstDay)), ("$to", prefix + Dates.Day(lastDay)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<(string Day, IReadOnlyDictionary<string, long> Counters)>();
        Dictionary<string, long>? current = null;
        while (await reader.ReadAsync(cancellationToken))
        {
            var day = reader.GetString(0)[prefix.Length..];
            if (rows.Count == 0 || rows[^1].Day != day)
            {
                current = new Dictionary<string, long>(StringComparer.Ordinal);
                rows.Add((day, current));
            }

            current![reader.GetString(1)] = reader.GetInt64(2);
        }

        return rows;
    }

    // The scopes of the given ones where the member was not in the distinct set before (and now is).
    private static async Task<List<string>> NewMembersAsync(SqliteConnection connection, SqliteTransaction transaction, Distinct distinct, IReadOnlyList<string> scopes, CancellationToken cancellationToken)
    {
        var prefix = distinct.Set + ":";
        var sql = "INSERT OR IGNORE INTO members (member, set_scope) VALUES "
            + string.Join(", ", scopes.Select((_, i) => $"($member, $s{i})")) + " RETURNING set_scope";
        await using var command = SqliteDatabase.Command(connection, transaction, sql,
            [("$member", distinct.Member), .. scopes.Select((scope, i) => ("$s" + i, (object?)(prefix + scope)))]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var added = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            added.Add(reader.GetString(0)[prefix.Length..]);
        }

        return added;
    }

    private static async Task AddAsync(SqliteConnection connection, SqliteTransaction transaction, Dictionary<string, Dictionary<string, long>> rows, CancellationToken cancellationToken)
    {
        var names = Figures.Names.Where(n => rows.Values.Any(r => r.ContainsKey(n))).ToList();
        if (names.Count == 0)
        {
            return;
        }

        var values = rows.Keys.Select((_, r) => $"($scope{r}, {string.Join(", ", names.Select((_, c) => $"$v{r}_{c}"))})");
        var sql = $"""
            INSERT INTO figures (scope, {string.Join(", ", names)}) VALUES {string.Join(", ", values)}
            ON CONFLICT (scope) DO UPDATE SET {string.Join(", ", names.Select(n => $"{n} = {n} + excluded.{n}"))}
            """;
        var parameters = new List<(string, object?)>();
        var index = 0;
        foreach (var (scope, counters) in rows)
        {
            parameters.Add(("$scope" + index, scope));
            parameters.AddRange(names.Select((n, c) => ($"$v{index}_{c}", (object?)counters.GetValueOrDefault(n))));
            index++;
        }

        await SqliteDatabase.ExecuteAsync(connection, transaction, sql, cancellationToken, [.. parameters]);
    }

    public async Task<Figures> GetAsync(string scope, CancellationToken cancellationToken)
    {
        var rows = await ReadAsync("SELECT * FROM figures WHERE scope = $scope", cancellationToken, ("$scope", scope));
        return rows.Count == 0 ? Figures.Zero : rows[0].Figures;
    }

    public async Task<IReadOnlyList<(string Key, Figures Figures)>> UnderAsync(string head, CancellationToken cancellationToken)
    {
        var prefix = head + "|";
        // Every scope that starts with the prefix: from it up to (not including) the head with '|' + 1 ('}'),
        // less those a level further down (a bank's months under the banks).
        var rows = await ReadAsync("SELECT * FROM figures WHERE scope >= $from AND scope < $to AND instr(substr(scope, $skip), '|') = 0 ORDER BY scope",
            cancellationToken, ("$from", prefix), ("$to", head + "}"), ("$skip", prefix.Length + 1));
        return [.. rows.Select(r => (r.Scope[prefix.Length..], r.Figures))];
    }

    private async Task<List<(string Scope, Figures Figures)>> ReadAsync(string sql, CancellationToken cancellationToken, params (string, object?)[] parameters)
    {
        await using var connection = database.Open();
        await using var command = SqliteDatabase.Command(connection, null, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<(string, Figures)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var counters = Figures.Names.ToDictionary(n => n, n => reader.GetInt64(reader.GetOrdinal(n)), StringComparer.Ordinal);
            rows.Add((reader.GetString(reader.GetOrdinal("scope")), Figures.From(counters)));
        }

        return rows;
    }
}
