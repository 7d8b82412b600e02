using FinanceMarket.Subsidies.Model;
using FinanceMarket.ServiceDefaults.Storage;

namespace FinanceMarket.Subsidies.Infrastructure;

internal sealed class SqliteEnterpriseSizes(SqliteDatabase database) : IEnterpriseSizes
{
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS enterprise_sizes (
            uscc TEXT PRIMARY KEY,
            size_class TEXT NOT NULL,
            correction INTEGER NOT NULL
        );
        """;

    public Task ApplyAsync(string uscc, SizeClass sizeClass, int correction, CancellationToken cancellationToken) =>
        database.WriteAsync(
            async (connection, transaction) =>
            {
                await using var upsert = SqliteDatabase.Command(connection, transaction,
                    """
                    INSERT INTO enterprise_sizes (uscc, size_class, correction) VALUES ($uscc, $size, $correction)
                    ON CONFLICT (uscc) DO UPDATE SET size_class = excluded.size_class, correction = excluded.correction
                    WHERE excluded.correction > enterprise_sizes.correction
                    """,
                    ("$uscc", uscc), ("$size", sizeClass.Wire()), ("$correction", correction));
                return await upsert.ExecuteNonQueryAsync(cancellationToken);
            },
            _ => true,
            cancellationToken);

    public async Task<SizeClass?> CorrectedSizeOfAsync(string uscc, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var read = SqliteDatabase.Command(connection, null, "SELECT size_class FROM enterprise_sizes WHERE uscc = $uscc", ("$uscc", uscc));
        return await read.ExecuteScalarAsync(cancellationToken) is string size ? WireNames.Parse<SizeClass>(size) : null;
    }
}
