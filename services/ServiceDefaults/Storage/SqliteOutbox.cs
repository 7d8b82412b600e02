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

    public async Task MarkPublishedAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = SqliteDatabase.Command(connection, null,
            "UPDATE outbox SET published_at = $at WHERE id = $id", ("$at", SqliteDatabase.Instant(at)), ("$id", id.ToString()));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> TryLeaseAsync(string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = SqliteDatabase.Command(connection, null,
            """
            INSERT INTO outbox_lease (id, owner, expires_at) VALUES (1, $owner, $until)
            ON CONFLICT (id) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
            WHERE outbox_lease.owner = excluded.owner OR outbox_lease.expires_at < $now
            """,
            ("$owner", owner), ("$until", SqliteDatabase.Instant(until)), ("$now", SqliteDatabase.Instant(now)));
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<int> PurgePublishedAsync(DateTimeOffset publishedBefore, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = SqliteDatabase.Command(connection, null,
            "DELETE FROM outbox WHERE published_at IS NOT NULL AND published_at < $before", ("$before", SqliteDatabase.Instant(publishedBefore)));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task MarkFailedAsync(Guid id, int attempts, DateTimeOffset nextAttemptAt, bool parked, string failure, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = SqliteDatabase.Command(connection, null,
            "UPDATE outbox SET attempts = $attempts, next_attempt_at = $next, parked = $parked, last_error = $error WHERE id = $id",
            ("$attempts", attempts), ("$next", SqliteDatabase.Instant(nextAttemptAt)), ("$parked", parked ? 1 : 0), ("$error", failure), ("$id", id.ToString()));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
