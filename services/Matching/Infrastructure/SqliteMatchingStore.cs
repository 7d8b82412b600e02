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

    public async Task<Application?> TryAddApplicationAsync(Application application, IntegrationEvent submitted, CancellationToken cancellationToken)
    {
        var added = await database.WriteWithEventAsync(async (connection, transaction) =>
        {
            await using var insert = SqliteDatabase.Command(connection, transaction,
                """
                INSERT INTO applications (application_id, need_id, product_id, bank_id, uscc, region_code, status, decide_by, version, doc)
                VALUES ($id, $need, $product, $bank, $uscc, $region, $status, $decideBy, $version, $doc)
                ON CONFLICT (need_id, product_id) DO NOTHING
                """,
                [.. Columns(application), ("$need", application.NeedId), ("$product", application.Product.ProductId),
                 ("$bank", application.BankId), ("$uscc", application.Uscc), ("$region", application.RegionCode)]);
            return await insert.ExecuteNonQueryAsync(cancellationToken) == 1;
        }, submitted, signal, cancellationToken);
        if (added)
        {
            return null;
        }

        return (await database.QueryDocumentsAsync<Application>(
            "SELECT doc FROM applications WHERE need_id = $need AND product_id = $product", cancellationToken,
            ("$need", application.NeedId), ("$product", application.Product.ProductId))).Single();
    }

    public async Task<Application?> FindApplicationAsync(string applicationId, CancellationToken cancellationToken) =>
        (await database.QueryDocumentsAsync<Application>("SELECT doc FROM applications WHERE application_id = $id", cancellationToken, ("$id", applicationId))).FirstOrDefault();

    public Task<bool> TryUpdateApplicationAsync(Application application, long expectedVersion, IntegrationEvent changed, CancellationToken cancellationToken) =>
        database.WriteWithEventAsync(async (connection, transaction) =>
        {
            await using var update = SqliteDatabase.Command(connection, transaction,
                """
                UPDATE applications SET status = $status, decide_by = $decideBy, version = $version, doc = $doc
                WHERE application_id = $id AND version = $expected
                """,
                [.. Columns(application), ("$expected", expectedVersion)]);
            return await update.ExecuteNonQueryAsync(cancellationToken) == 1;
        }, changed, signal, cancellationToken);

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
        database.WriteWithEventAsync(
            async (connection, transaction) =>
            {
                await using var upsert = SqliteDatabase.Command(connection, transaction,
                    "INSERT INTO calendar_years (year, doc) VALUES ($year, $doc) ON CONFLICT (year) DO UPDATE SET doc = excluded.doc",
                    ("$year", year.Year), ("$doc", StoreJson.Serialize(year)));
                await upsert.ExecuteNonQueryAsync(cancellationToken);
                return true;
            },
            audit, signal, cancellationToken);

    private static (string, object?)[] Columns(Application application) =>
    [
        ("$id", application.ApplicationId),
        ("$status", application.Status.Wire()),
        ("$decideBy", Dates.Day(application.DecideBy)),
        ("$version", application.Version),
        ("$doc", StoreJson.Serialize(application)),
    ];
}
