using FinanceMarket.Enterprises.Model;
using FinanceMarket.ServiceDefaults.Events;
using FinanceMarket.ServiceDefaults.Storage;

namespace FinanceMarket.Enterprises.Infrastructure;

internal sealed class SqliteEnterpriseStore(SqliteDatabase database, OutboxSignal signal) : IEnterpriseStore, ISqliteSchema
{
    public static string Schema => """
        CREATE TABLE IF NOT EXISTS enterprises (
            uscc TEXT PRIMARY KEY,
            region_code TEXT NOT NULL,
            doc TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS enterprises_region ON enterprises (region_code, uscc);
        """;

    public Task<bool> TryRegisterAsync(Enterprise enterprise, IntegrationEvent registered, CancellationToken cancellationToken) =>
        database.WriteWithEventAsync(async (connection, transaction) =>
        {
            await using var insert = SqliteDatabase.Command(connection, transaction,
                "INSERT INTO enterprises (uscc, region_code, doc) VALUES ($uscc, $region, $doc) ON CONFLICT (uscc) DO NOTHING",
                ("$uscc", enterprise.Uscc), ("$region", enterprise.RegionCode), ("$doc", StoreJson.Serialize(enterprise)));
            return await insert.ExecuteNonQueryAsync(cancellationToken) == 1;
        }, registered, signal, cancellationToken);

    public async Task<Enterprise?> FindAsync(string uscc, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = SqliteDatabase.Command(connection, null, "SELECT doc FROM enterprises WHERE uscc = $uscc", ("$uscc", uscc));
        return await command.ExecuteScalarAsync(cancellationToken) is string doc ? StoreJson.Deserialize<Enterprise>(doc) : null;
    }

    public async Task<Page<Enterprise>> ListAsync(string regionPrefix, int pageSize, string? afterUscc, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        // Prefix ranges instead of LIKE, so the index on region_code serves the filter.
        await using var command = SqliteDatabase.Command(connection, null,
            """
            SELECT uscc, doc FROM enterprises
            WHERE region_code >= $from AND region_code < $to AND uscc > $after
            ORDER BY uscc LIMIT $limit
            """,
            ("$from", regionPrefix), ("$to", regionPrefix + "\uffff"), ("$after", afterUscc ?? string.Empty), ("$limit", pageSize + 1));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<Enterprise>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(StoreJson.Deserialize<Enterprise>(reader.GetString(1)));
        }

        return Page.Of(items, pageSize, e => e.Uscc);
    }
}
