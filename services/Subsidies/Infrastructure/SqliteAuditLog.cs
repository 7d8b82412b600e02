using System.Globalization;
using System.Runtime.CompilerServices;
using FinanceMarket.ServiceDefaults.Storage;
using FinanceMarket.Subsidies.Model;

namespace FinanceMarket.Subsidies.Infrastructure;

// The log's entries are appended by the file's one writer, so the last entry read inside the write is the
// one the new entry chains to. The columns the queries filter on are read back into the entry, so editing
// one of them breaks the hash just as editing the document does.
internal sealed class SqliteAuditLog(SqliteDatabase database) : IAuditLog
{
    public const string Schema = """
        CREATE TABLE IF NOT EXISTS audit_log (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            region_code TEXT NOT NULL,
            at TEXT NOT NULL,
            doc TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS audit_log_region ON audit_log (region_code, seq);
        CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        """;

    public Task<bool> AppendAsync(AuditRecordedIntegrationEvent recorded, CancellationToken cancellationToken) =>
        database.WriteAsync(
            async (connection, transaction) =>
            {
                await using var seen = SqliteDatabase.Command(connection, transaction, "SELECT 1 FROM audit_log WHERE id = $id", ("$id", recorded.Id.ToString()));
                if (await seen.ExecuteScalarAsync(cancellationToken) is not null)
                {
                    return false;
                }

                await using var last = SqliteDatabase.Command(connection, transaction, "SELECT seq, region_code, at, doc FROM audit_log ORDER BY seq DESC LIMIT 1");
                await using var reader = await last.ExecuteReaderAsync(cancellationToken);
                var previous = await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
                await reader.DisposeAsync();
                var entry = AuditChain.Next(previous, recorded);
                await using var insert = SqliteDatabase.Command(connection, transaction,
                    "INSERT INTO audit_log (seq, id, region_code, at, doc) VALUES ($seq, $id, $region, $at, $doc)",
                    ("$seq", entry.Seq), ("$id", entry.Id.ToString()), ("$region", entry.RegionCode), ("$at", SqliteDatabase.Instant(entry.At)),
                    ("$doc", StoreJson.Serialize(entry)));
                await insert.ExecuteNonQueryAsync(cancellationToken);
                return true;
            },
            _ => true,
            cancellationToken);

    public async Task<Page<AuditEntry>> ListAsync(AuditQuery query, int pageSize, long? beforeSeq, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = SqliteDatabase.Command(connection, null,
            $"""
            SELECT seq, region_code, at, doc FROM audit_log
            WHERE seq < $before
              AND ($prefix IS NULL OR region_code = '' OR {RegionRanges.Within("region_code", "$prefix")})
              AND ($from IS NULL OR at >= $from) AND ($to IS NULL OR at < $to)
            ORDER BY seq DESC LIMIT $limit
            """,
            ("$before", beforeSeq ?? long.MaxValue), ("$prefix", query.RegionPrefix),
            ("$from", query.From is { } from ? SqliteDatabase.Instant(from) : null), ("$to", query.Before is { } to ? SqliteDatabase.Instant(to) : null),
            ("$limit", pageSize + 1));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<AuditEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(Read(reader));
        }

        return Page.Of(items, pageSize, e => e.Seq.ToString(CultureInfo.InvariantCulture));
    }

    public async IAsyncEnumerable<AuditEntry> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = SqliteDatabase.Command(connection, null, "SELECT seq, region_code, at, doc FROM audit_log ORDER BY seq");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return Read(reader);
        }
    }

    private static AuditEntry Read(Microsoft.Data.Sqlite.SqliteDataReader reader) =>
        StoreJson.Deserialize<AuditEntry>(reader.GetString(3)) with
        {
            Seq = reader.GetInt64(0),
            RegionCode = reader.GetString(1),
            At = DateTimeOffset.Parse(reader.GetString(2), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
        };
}
