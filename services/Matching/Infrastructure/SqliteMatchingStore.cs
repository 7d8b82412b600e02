using FinanceMarket.Matching.Model;
using FinanceMarket.ServiceDefaults.Events;
using FinanceMarket.ServiceDefaults.Storage;

namespace FinanceMarket.Matching.Infrastructure;

internal sealed class SqliteMatchingStore(SqliteDatabase database, OutboxSignal signal) : IMatchingStore, ISqliteSchema
{
    public static string Schema => """
        CREATE TABLE IF NOT EXISTS needs (
            need_id TEXT PRIMARY KEY,
            uscc TEXT NOT NULL,
            doc TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS applications (
            application_id TEXT PRIMARY KEY,
            need_id TEXT NOT NULL REFERENCES needs (need_id),
            product_id TEXT NOT NULL,
            bank_id TEXT NOT NULL,
            uscc TEXT NOT NULL,
            region_code TEXT NOT NULL,
            status TEXT NOT NULL,
            decide_by TEXT NOT NULL,
            version INTEGER NOT NULL,
            doc TEXT NOT NULL,
            UNIQUE (need_id, product_id)
        );
        CREATE INDEX IF NOT EXISTS applications_bank ON applications (bank_id, status, application_id);
        CREATE INDEX IF NOT EXISTS applications_enterprise ON applications (uscc, status, application_id);
        CREATE INDEX IF NOT EXISTS applications_region ON applications (region_code, application_id);
        CREATE INDEX IF NOT EXISTS applications_due ON applications (status, decide_by);
        CREATE TABLE IF NOT EXISTS calendar_years (
            year INTEGER PRIMARY KEY,
            doc TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS broadcasts (
            need_id TEXT PRIMARY KEY REFERENCES needs (need_id),
            version INTEGER NOT NULL,
            doc TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS opportunities (
            need_id TEXT NOT NULL,
            bank_id TEXT NOT NULL,
            open INTEGER NOT NULL,
            broadcast_at TEXT NOT NULL,
            take_by TEXT NOT NULL,
            open_until TEXT NOT NULL,
            doc TEXT NOT NULL,
            PRIMARY KEY (need_id, bank_id)
        );
        CREATE INDEX IF NOT EXISTS opportunities_newest ON opportunities (bank_id, open, broadcast_at, need_id);
        CREATE INDEX IF NOT EXISTS opportunities_deadline ON opportunities (bank_id, open, take_by, need_id);
        CREATE TABLE IF NOT EXISTS service_promises (
            region_code TEXT PRIMARY KEY,
            doc TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS service_steps (
            step_id TEXT PRIMARY KEY,
            need_id TEXT NOT NULL,
            bank_id TEXT NOT NULL,
            region_code TEXT NOT NULL,
            status TEXT NOT NULL,
            due_on TEXT NOT NULL,
            ends_on TEXT,
            raised INTEGER NOT NULL,
            version INTEGER NOT NULL,
            doc TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS steps_need ON service_steps (need_id);
        CREATE INDEX IF NOT EXISTS steps_due ON service_steps (status, due_on);
        CREATE INDEX IF NOT EXISTS steps_raised ON service_steps (raised, region_code, due_on, step_id);
        -- The steps whose bank was reminded, beside service_steps rather than a column of it: data files made
        -- before reminders existed open unchanged (the schema has no migrations).
        CREATE TABLE IF NOT EXISTS step_reminders (
            step_id TEXT PRIMARY KEY
        );
        """;

    public Task AddNeedAsync(Need need, IntegrationEvent matched, CancellationToken cancellationToken) =>
        database.WriteWithEventAsync(async (connection, transaction) =>
        {
            await using var insert = SqliteDatabase.Command(connection, transaction,
                "INSERT INTO needs (need_id, uscc, doc) VALUES ($id, $uscc, $doc)",
                ("$id", need.NeedId), ("$uscc", need.Uscc), ("$doc", StoreJson.Serialize(need)));
            await insert.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }, matched, signal, cancellationToken);

    public async Task<Need?> FindNeedAsync(string needId, CancellationToken cancellationToken) =>
        (await database.QueryDocumentsAsync<Need>("SELECT doc FROM needs WHERE need_id = $id", cancellationToken, ("$id", needId))).FirstOrDefault();

    public async Task<Application?> FindApplicationAsync(string applicationId, CancellationToken cancellationToken) =>
        (await database.QueryDocumentsAsync<Application>("SELECT doc FROM applications WHERE application_id = $id", cancellationToken, ("$id", applicationId))).FirstOrDefault();

    public async Task<Application?> FindApplicationForAsync(string needId, string productId, CancellationToken cancellationToken) =>
        (await database.QueryDocumentsAsync<Application>(
            "SELECT doc FROM applications WHERE need_id = $need AND product_id = $product", cancellationToken,
            ("$need", needId), ("$product", productId))).FirstOrDefault();

    public Task<bool> TryWriteAsync(MarketWrite write, CancellationToken cancellationToken) =>
        database.WriteWithEventsAsync(async (connection, transaction) =>
        {
            if (write.Broadcast is { } broadcast && !await SaveAsync(connection, transaction, broadcast.ExpectedVersion,
                    "INSERT INTO broadcasts (need_id, version, doc) VALUES ($id, $version, $doc) ON CONFLICT DO NOTHING",
                    "UPDATE broadcasts SET version = $version, doc = $doc WHERE need_id = $id AND version = $expected",
                    [("$id", broadcast.Document.NeedId), ("$version", broadcast.Document.Version), ("$doc", StoreJson.Serialize(broadcast.Document))], cancellationToken))
            {
                return false;
            }

            if (write.Application is { } application && !await SaveAsync(connection, transaction, application.ExpectedVersion,
                    """
                    INSERT INTO applications (application_id, need_id, product_id, bank_id, uscc, region_code, status, decide_by, version, doc)
                    VALUES ($id, $need, $product, $bank, $uscc, $region, $status, $decideBy, $version, $doc)
                    ON CONFLICT DO NOTHING
                    """,
                    "UPDATE applications SET status = $status, decide_by = $decideBy, version = $version, doc = $doc WHERE application_id = $id AND version = $expected",
                    Columns(application.Document), cancellationToken))
            {
                return false;
            }

            foreach (var step in write.Steps)
            {
                var d = step.Document;
                if (!await SaveAsync(connection, transaction, step.ExpectedVersion,
                        """
                        INSERT INTO service_steps (step_id, need_id, bank_id, region_code, status, due_on, ends_on, raised, version, doc)
                        VALUES ($id, $need, $bank, $region, $status, $due, $ends, $raised, $version, $doc) ON CONFLICT DO NOTHING
                        """,
                        """
                        UPDATE service_steps SET status = $status, due_on = $due, ends_on = $ends, raised = $raised, version = $version, doc = $doc
                        WHERE step_id = $id AND version = $expected
                        """,
                        [("$id", d.StepId), ("$need", d.NeedId), ("$bank", d.BankId ?? string.Empty), ("$region", d.RegionCode), ("$status", d.Status.Wire()),
                         ("$due", Dates.Day(d.DueOn)), ("$ends", d.EndsOn is { } ends ? Dates.Day(ends) : null), ("$raised", d.RaisedOn is null ? 0 : 1),
                         ("$version", d.Version), ("$doc", StoreJson.Serialize(d))],
                        cancellationToken))
                {
                    return false;
                }

                if (d.RemindedOn is not null)
                {
                    await using var reminded = SqliteDatabase.Command(connection, transaction,
                        "INSERT INTO step_reminders (step_id) VALUES ($id) ON CONFLICT DO NOTHING", ("$id", d.StepId));
                    await reminded.ExecuteNonQueryAsync(cancellationToken);
                }
            }

            foreach (var change in write.Switches)
            {
                await using var flip = SqliteDatabase.Command(connection, transaction,
                    "UPDATE opportunities SET open = $open WHERE need_id = $need AND ($bank IS NULL OR bank_id = $bank)",
                    ("$need", change.NeedId), ("$bank", change.BankId), ("$open", change.Open ? 1 : 0));
                await flip.ExecuteNonQueryAsync(cancellationToken);
            }

            foreach (var o in write.Opportunities)
            {
                await using var upsert = SqliteDatabase.Command(connection, transaction,
                    """
                    INSERT INTO opportunities (need_id, bank_id, open, broadcast_at, take_by, open_until, doc)
                    VALUES ($need, $bank, 1, $at, $takeBy, $until, $doc)
                    ON CONFLICT (need_id, bank_id) DO UPDATE SET
                        open = excluded.open, broadcast_at = excluded.broadcast_at, take_by = excluded.take_by, open_until = excluded.open_until, doc = excluded.doc
                    """,
                    ("$need", o.NeedId), ("$bank", o.BankId), ("$at", OpportunityKey.At(o.BroadcastAt)),
                    ("$takeBy", Dates.Day(o.TakeBy)), ("$until", Dates.Day(o.OpenUntil)), ("$doc", StoreJson.Serialize(o)));
                await upsert.ExecuteNonQueryAsync(cancellationToken);
            }

            return true;
        }, write.Events, signal, cancellationToken);

    public async Task<Broadcast?> FindBroadcastAsync(string needId, CancellationToken cancellationToken) =>
        (await database.QueryDocumentsAsync<Broadcast>("SELECT doc FROM broadcasts WHERE need_id = $id", cancellationToken, ("$id", needId))).FirstOrDefault();

    public async Task<Page<Opportunity>> ListOpportunitiesAsync(string bankId, DateOnly today, bool byDeadline, int pageSize, string? after, CancellationToken cancellationToken)
    {
        var (sort, need) = OpportunityKey.Parse(after) ?? (null!, null!);
        var items = await database.QueryDocumentsAsync<Opportunity>(
            byDeadline
                ? """
                  SELECT doc FROM opportunities WHERE bank_id = $bank AND open = 1 AND open_until >= $today
                    AND ($sort IS NULL OR take_by > $sort OR (take_by = $sort AND need_id > $need))
                  ORDER BY take_by, need_id LIMIT $limit
                  """
                : """
                  SELECT doc FROM opportunities WHERE bank_id = $bank AND open = 1 AND open_until >= $today
                    AND ($sort IS NULL OR broadcast_at < $sort OR (broadcast_at = $sort AND need_id < $need))
                  ORDER BY broadcast_at DESC, need_id DESC LIMIT $limit
                  """,
            cancellationToken,
            ("$bank", bankId), ("$today", Dates.Day(today)), ("$sort", sort), ("$need", need), ("$limit", pageSize + 1));
        return Page.Of(items, pageSize, o => OpportunityKey.Of(o, byDeadline));
    }

    public async Task<IReadOnlyList<ServicePromise>> ServicePromisesAsync(CancellationToken cancellationToken) =>
        await database.QueryDocumentsAsync<ServicePromise>("SELECT doc FROM service_promises ORDER BY region_code", cancellationToken);

    public Task PutServicePromiseAsync(ServicePromise promise, IntegrationEvent audit, CancellationToken cancellationToken) =>
        UpsertAsync("service_promises", "region_code", promise.RegionCode, promise, audit, cancellationToken);

    public async Task<IReadOnlyList<ServiceStep>> StepsOfNeedAsync(string needId, CancellationToken cancellationToken) =>
        await database.QueryDocumentsAsync<ServiceStep>("SELECT doc FROM service_steps WHERE need_id = $need ORDER BY step_id", cancellationToken, ("$need", needId));

    public async Task<ServiceStep?> FindStepAsync(string stepId, CancellationToken cancellationToken) =>
        (await database.QueryDocumentsAsync<ServiceStep>("SELECT doc FROM service_steps WHERE step_id = $id", cancellationToken, ("$id", stepId))).FirstOrDefault();

    public async Task<IReadOnlyList<ServiceStep>> StepsToSweepAsync(DateOnly today, int limit, CancellationToken cancellationToken) =>
        await database.QueryDocumentsAsync<ServiceStep>(
            """
            SELECT doc FROM service_steps
            WHERE (status = $pending AND due_on < $today) OR (status = $overdue AND ends_on < $today)
            ORDER BY due_on, step_id LIMIT $limit
            """,
            cancellationToken,
            ("$pending", StepStatus.Pending.Wire()), ("$overdue", StepStatus.Overdue.Wire()), ("$today", Dates.Day(today)), ("$limit", limit));

    public async Task<IReadOnlyList<ServiceStep>> StepsToRemindAsync(DateOnly soon, int limit, CancellationToken cancellationToken) =>
        await database.QueryDocumentsAsync<ServiceStep>(
            """
            SELECT doc FROM service_steps s
            WHERE status = $pending AND due_on <= $soon AND bank_id <> ''
              AND NOT EXISTS (SELECT 1 FROM step_reminders r WHERE r.step_id = s.step_id)
            ORDER BY due_on, step_id LIMIT $limit
            """,
            cancellationToken,
            ("$pending", StepStatus.Pending.Wire()), ("$soon", Dates.Day(soon)), ("$limit", limit));

    public async Task<Page<ServiceStep>> ListRaisedStepsAsync(StepQuery query, int pageSize, string? after, CancellationToken cancellationToken)
    {
        var (due, id) = StepKey.Parse(after) ?? (null!, null!);
        var items = await database.QueryDocumentsAsync<ServiceStep>(
            $"""
            SELECT doc FROM service_steps
            WHERE raised = 1 AND {RegionRanges.Within("region_code", "$region")}
              AND ($bank IS NULL OR bank_id = $bank) AND ($status IS NULL OR status = $status)
              AND ($due IS NULL OR due_on > $due OR (due_on = $due AND step_id > $id))
            ORDER BY due_on, step_id LIMIT $limit
            """,
            cancellationToken,
            ("$region", query.RegionPrefix), ("$bank", query.BankId), ("$status", query.Status?.Wire()), ("$due", due), ("$id", id), ("$limit", pageSize + 1));
        return Page.Of(items, pageSize, StepKey.Of);
    }

    public async Task<IReadOnlyList<BankStepCount>> CountRaisedStepsAsync(StepQuery query, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = SqliteDatabase.Command(connection, null,
            $"""
            SELECT bank_id, SUM(status = $overdue), COUNT(*), MIN(due_on) FROM service_steps
            WHERE raised = 1 AND {RegionRanges.Within("region_code", "$region")}
              AND ($bank IS NULL OR bank_id = $bank) AND ($status IS NULL OR status = $status)
            GROUP BY bank_id
            """,
            ("$region", query.RegionPrefix), ("$bank", query.BankId), ("$status", query.Status?.Wire()), ("$overdue", StepStatus.Overdue.Wire()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var counts = new List<BankStepCount>();
        while (await reader.ReadAsync(cancellationToken))
        {
            counts.Add(new BankStepCount(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2),
                DateOnly.ParseExact(reader.GetString(3), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
        }

        return counts;
    }

    // A versioned document: inserted when expected is 0 (and refused if it exists), else updated only from the
    // version expected.
    private static async Task<bool> SaveAsync(
        Microsoft.Data.Sqlite.SqliteConnection connection, Microsoft.Data.Sqlite.SqliteTransaction transaction, long expected, string insert, string update,
        (string, object?)[] values, CancellationToken cancellationToken)
    {
        await using var command = SqliteDatabase.Command(connection, transaction, expected == 0 ? insert : update, [.. values, ("$expected", expected)]);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<Page<Application>> ListApplicationsAsync(ApplicationQuery query, int pageSize, string? afterApplicationId, CancellationToken cancellationToken)
    {
        var items = await database.QueryDocumentsAsync<Application>(
            $"""
            SELECT doc FROM applications
            WHERE ($bank IS NULL OR bank_id = $bank)
              AND ($uscc IS NULL OR uscc = $uscc)
              AND {RegionRanges.WithinAny("region_code", "$region")}
              AND ($status IS NULL OR status = $status)
              AND application_id > $after
            ORDER BY application_id LIMIT $limit
            """,
            cancellationToken,
            ("$bank", query.BankId), ("$uscc", query.Uscc), ("$region", query.RegionPrefix), ("$status", query.Status?.Wire()),
            ("$after", afterApplicationId ?? string.Empty), ("$limit", pageSize + 1));
        return Page.Of(items, pageSize, a => a.ApplicationId);
    }

    public async Task<IReadOnlyList<Application>> OverdueAsync(DateOnly today, int limit, CancellationToken cancellationToken) =>
        await database.QueryDocumentsAsync<Application>(
            "SELECT doc FROM applications WHERE status = $status AND decide_by < $today ORDER BY decide_by, application_id LIMIT $limit",
            cancellationToken,
            ("$status", ApplicationStatus.Submitted.Wire()), ("$today", Dates.Day(today)), ("$limit", limit));

    public async Task<IReadOnlyList<CalendarYear>> CalendarYearsAsync(CancellationToken cancellationToken) =>
        await database.QueryDocumentsAsync<CalendarYear>("SELECT doc FROM calendar_years ORDER BY year", cancellationToken);

    public Task PutCalendarYearAsync(CalendarYear year, IntegrationEvent audit, CancellationToken cancellationToken) =>
        UpsertAsync("calendar_years", "year", year.Year, year, audit, cancellationToken);

    // Reference data kept whole under its key (a year, a region), saved with the audit entry of who set it.
    private Task<bool> UpsertAsync<T>(string table, string keyColumn, object key, T document, IntegrationEvent audit, CancellationToken cancellationToken) =>
        database.WriteWithEventAsync(
            async (connection, transaction) =>
            {
                await using var upsert = SqliteDatabase.Command(connection, transaction,
                    $"INSERT INTO {table} ({keyColumn}, doc) VALUES ($key, $doc) ON CONFLICT ({keyColumn}) DO UPDATE SET doc = excluded.doc",
                    ("$key", key), ("$doc", StoreJson.Serialize(document)));
                await upsert.ExecuteNonQueryAsync(cancellationToken);
                return true;
            },
            audit, signal, cancellationToken);

    private static (string, object?)[] Columns(Application application) =>
    [
        ("$need", application.NeedId), ("$product", application.Product.ProductId), ("$bank", application.BankId), ("$uscc", application.Uscc),
        ("$region", application.RegionCode),
        ("$id", application.ApplicationId),
        ("$status", application.Status.Wire()),
        ("$decideBy", Dates.Day(application.DecideBy)),
        ("$version", application.Version),
        ("$doc", StoreJson.Serialize(application)),
    ];
}
