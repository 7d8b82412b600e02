using System.Globalization;
using FinanceMarket.ServiceDefaults.Events;

namespace FinanceMarket.ServiceDefaults.Storage;

public sealed class SqliteOutbox(SqliteDatabase database) : IOutboxStore
{
    public async Task<IReadOnlyList<OutboxMessage>> PendingAsync(int max, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = SqliteDatabase.Command(connection, null,
            """
            SELECT id, topic, ordering_key, payload, occurred_at, attempts FROM outbox o
            WHERE published_at IS NULL AND parked = 0 AND next_attempt_at <= $now
              AND NOT EXISTS (SELECT 1 FROM outbox e
                              WHERE e.ordering_key = o.ordering_key AND e.seq < o.seq AND e.published_at IS NULL AND e.parked = 0)
            ORDER BY seq LIMIT $max
            """,
            ("$now", SqliteDatabase.Instant(now)), ("$max", max));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var messages = new List<OutboxMessage>();
        while (await reader.ReadAsync(cancellationToken))
        {
            messages.Add(new OutboxMessage(
                Guid.Parse(reader.GetString(0)),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                DateTimeOffset.Parse(reader.GetString(4), CultureInfo.InvariantCulture),
                reader.GetInt32(5)));
        }

        return messages;
    }

    // The relay's writes go through the file's one writer too, committed with the services' own.
    public Task MarkPublishedAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken) =>
        WriteAsync("UPDATE outbox SET published_at = $at WHERE id = $id", cancellationToken, ("$at", SqliteDatabase.Instant(at)), ("$id", id.ToString()));

    public async Task<bool> TryLeaseAsync(string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken) =>
        await WriteAsync(
            """
            INSERT INTO outbox_lease (id, owner, expires_at) VALUES (1, $owner, $until)
            ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
            WHERE outbox_lease.owner = excluded.owner OR outbox_lease.expires_at < $now
            """,
            cancellationToken, ("$owner", owner), ("$until", SqliteDatabase.Instant(until)), ("$now", SqliteDatabase.Instant(now))) == 1;

    public Task<int> PurgePublishedAsync(DateTimeOffset publishedBefore, CancellationToken cancellationToken) =>
        WriteAsync("DELETE FROM outbox WHERE published_at IS NOT NULL AND published_at < $before", cancellationToken, ("$before", SqliteDatabase.Instant(publishedBefore)));

    public Task MarkFailedAsync(Guid id, int attempts, DateTimeOffset nextAttemptAt, bool parked, string failure, CancellationToken cancellationToken) =>
        WriteAsync(
            "UPDATE outbox SET attempts = $attempts, next_attempt_at = $next, parked = $parked, last_error = $error WHERE id = $id", cancellationToken,
            ("$attempts", attempts), ("$next", SqliteDatabase.Instant(nextAttemptAt)), ("$parked", parked ? 1 : 0), ("$error", failure), ("$id", id.ToString()));

    private Task<int> WriteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters) =>
        database.WriteAsync(
            async (connection, transaction) =>
            {
                await using var command = SqliteDatabase.Command(connection, transaction, sql, parameters);
                return await command.ExecuteNonQueryAsync(cancellationToken);
            },
            _ => true,
            cancellationToken);
}
