using FinanceMarket.Notifications.Model;
using FinanceMarket.ServiceDefaults.Storage;
using Microsoft.Data.Sqlite;

namespace FinanceMarket.Notifications.Infrastructure;

// Notices keep their audience in a column (exact for an enterprise or a bank, a region code for officials,
// read by range) and whole in doc. A reader's read marks are rows of their own, so officials of one
// region each keep theirs.
internal sealed class SqliteNotificationStore(SqliteDatabase database) : INotificationStore, ISqliteSchema
{
    public static string Schema => """
        CREATE TABLE IF NOT EXISTS notifications (
            id TEXT PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            audience TEXT NOT NULL,
            audience_kind TEXT NOT NULL,
            audience_id TEXT NOT NULL,
            doc TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS notifications_inbox ON notifications (audience, id);
        CREATE INDEX IF NOT EXISTS notifications_region ON notifications (audience_kind, audience_id, id);
        CREATE TABLE IF NOT EXISTS notification_reads (
            notification_id TEXT NOT NULL,
            reader TEXT NOT NULL,
            read_at TEXT NOT NULL,
            PRIMARY KEY (notification_id, reader)
        );
        CREATE TABLE IF NOT EXISTS digest_needs (
            key TEXT NOT NULL,
            need_id TEXT NOT NULL,
            PRIMARY KEY (key, need_id)
        );
        CREATE TABLE IF NOT EXISTS names (
            key TEXT PRIMARY KEY,
            name TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS webhooks (
            bank_id TEXT PRIMARY KEY,
            doc TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS sms_numbers (
            audience TEXT PRIMARY KEY,
            doc TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS deliveries (
            id TEXT PRIMARY KEY,
            audience TEXT NOT NULL,
            channel TEXT NOT NULL,
            status TEXT NOT NULL,
            next_attempt_at TEXT NOT NULL,
            doc TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (status, next_attempt_at);
        CREATE INDEX IF NOT EXISTS deliveries_log ON deliveries (audience, channel, id);
        """;

    private const string Unread = "NOT EXISTS (SELECT 1 FROM notification_reads r WHERE r.notification_id = n.id AND r.reader = $reader)";

    public Task<int> ApplyAsync(IReadOnlyList<NoticeDraft> drafts, DateTimeOffset now, Func<string> newId, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var applied = 0;
            foreach (var draft in drafts)
            {
                if (await ApplyOneAsync(connection, transaction, draft, now, newId, cancellationToken))
                {
                    applied++;
                }
            }

            return applied;
        }, _ => true, cancellationToken);

    private static async Task<bool> ApplyOneAsync(
        SqliteConnection connection, SqliteTransaction transaction, NoticeDraft draft, DateTimeOffset now, Func<string> newId, CancellationToken cancellationToken)
    {
        if (draft.DigestNeedId is { } needId
            && await SqliteDatabase.ExecuteAsync(connection, transaction, "INSERT INTO digest_needs (key, need_id) VALUES ($key, $need) ON CONFLICT DO NOTHING",
                cancellationToken, ("$key", draft.Key), ("$need", needId)) == 0)
        {
            return false;
        }

        var existing = (await SqliteDatabase.ReadDocumentsAsync<Notice>(connection, transaction, "SELECT doc FROM notifications WHERE key = $key",
            cancellationToken, ("$key", draft.Key))).FirstOrDefault();
        Notice notice;
        if (existing is null)
        {
            notice = new Notice(newId(), draft.Key, draft.Kind, draft.To, draft.About, draft.DigestNeedId is null ? 0 : 1, now, now);
            await SqliteDatabase.ExecuteAsync(connection, transaction,
                "INSERT INTO notifications (id, key, audience, audience_kind, audience_id, doc) VALUES ($id, $key, $audience, $kind, $aid, $doc)",
                cancellationToken, ("$id", notice.NotificationId), ("$key", notice.Key), ("$audience", notice.To.Key), ("$kind", notice.To.Kind.Wire()),
                ("$aid", notice.To.Id), ("$doc", StoreJson.Serialize(notice)));
        }
        else if (draft.DigestNeedId is not null)
        {
            // One more need in the day's digest: the notice grows and is unread again for everyone.
            notice = existing with { Count = existing.Count + 1, UpdatedAt = now };
            await SqliteDatabase.ExecuteAsync(connection, transaction, "UPDATE notifications SET doc = $doc WHERE id = $id", cancellationToken,
                ("$id", notice.NotificationId), ("$doc", StoreJson.Serialize(notice)));
            await SqliteDatabase.ExecuteAsync(connection, transaction, "DELETE FROM notification_reads WHERE notification_id = $id", cancellationToken, ("$id", notice.NotificationId));
        }
        else
        {
            return false;
        }

        foreach (var delivery in await DeliveriesForAsync(connection, transaction, draft, notice, existing is null, now, newId, cancellationToken))
        {
            await SqliteDatabase.ExecuteAsync(connection, transaction,
                "INSERT INTO deliveries (id, audience, channel, status, next_attempt_at, doc) VALUES ($id, $audience, $channel, $status, $next, $doc)",
                cancellationToken, ("$id", delivery.DeliveryId), ("$audience", delivery.AudienceKey), ("$channel", delivery.Channel.Wire()),
                ("$status", delivery.Status.Wire()), ("$next", SqliteDatabase.Instant(delivery.NextAttemptAt)), ("$doc", StoreJson.Serialize(delivery)));
        }

        return true;
    }

    private static async Task<IReadOnlyList<Delivery>> DeliveriesForAsync(
        SqliteConnection connection, SqliteTransaction transaction, NoticeDraft draft, Notice notice, bool created, DateTimeOffset now, Func<string> newId,
        CancellationToken cancellationToken)
    {
        var hasWebhook = draft.To.Kind == AudienceKind.Bank && (await SqliteDatabase.ReadDocumentsAsync<WebhookRegistration>(connection, transaction,
            "SELECT doc FROM webhooks WHERE bank_id = $bank", cancellationToken, ("$bank", draft.To.Id))).Count > 0;
        var hasSms = (await SqliteDatabase.ReadDocumentsAsync<SmsRegistration>(connection, transaction,
            "SELECT doc FROM sms_numbers WHERE audience = $audience", cancellationToken, ("$audience", draft.To.Key))).Count > 0;
        return Deliveries.For(draft, notice, created, hasWebhook, hasSms, now, newId);
    }

    public Task SetNameAsync(string key, string name, CancellationToken cancellationToken) =>
        database.WriteAsync(
            (connection, transaction) => SqliteDatabase.ExecuteAsync(connection, transaction, "INSERT INTO names (key, name) VALUES ($key, $name) ON CONFLICT (key) DO UPDATE SET name = $name",
                cancellationToken, ("$key", key), ("$name", name)),
            _ => true, cancellationToken);

    public async Task<IReadOnlyDictionary<string, string>> NamesAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        if (keys.Count == 0)
        {
            return names;
        }

        await using var connection = database.Open();
        await using var command = connection.CreateCommand();
        var parameters = keys.Distinct(StringComparer.Ordinal).Select((key, i) => (Name: "$k" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), Key: key)).ToList();
        command.CommandText = $"SELECT key, name FROM names WHERE key IN ({string.Join(", ", parameters.Select(p => p.Name))})";
        parameters.ForEach(p => command.Parameters.AddWithValue(p.Name, p.Key));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            names[reader.GetString(0)] = reader.GetString(1);
        }

        return names;
    }

    public async Task<Page<InboxItem>> ListAsync(InboxQuery query, int pageSize, string? after, CancellationToken cancellationToken)
    {
        var items = await ReadInboxAsync(
            $"""
            SELECT n.doc, NOT {Unread} FROM notifications n
            WHERE {InboxFilter(query)} AND ($after IS NULL OR n.id < $after) AND ($unreadOnly = 0 OR {Unread})
            ORDER BY n.id DESC LIMIT $limit
            """,
            cancellationToken, ("$audience", AudienceParameter(query)), ("$reader", query.Reader),
            ("$after", after), ("$unreadOnly", query.UnreadOnly ? 1 : 0), ("$limit", pageSize + 1));
        return Page.Of(items, pageSize, i => i.Notice.NotificationId);
    }

    public async Task<int> CountUnreadAsync(InboxQuery query, int cap, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = SqliteDatabase.Command(connection, null,
            $"SELECT COUNT(*) FROM (SELECT 1 FROM notifications n WHERE {InboxFilter(query)} AND {Unread} LIMIT $cap)",
            ("$audience", AudienceParameter(query)), ("$reader", query.Reader), ("$cap", cap));
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<InboxItem?> FindAsync(string notificationId, string reader, CancellationToken cancellationToken) =>
        (await ReadInboxAsync($"SELECT n.doc, NOT {Unread} FROM notifications n WHERE n.id = $id", cancellationToken, ("$id", notificationId), ("$reader", reader)))
        .FirstOrDefault();

    public Task MarkReadAsync(string notificationId, string reader, DateTimeOffset at, CancellationToken cancellationToken) =>
        database.WriteAsync(
            (connection, transaction) => SqliteDatabase.ExecuteAsync(connection, transaction,
                "INSERT INTO notification_reads (notification_id, reader, read_at) VALUES ($id, $reader, $at) ON CONFLICT DO NOTHING",
                cancellationToken, ("$id", notificationId), ("$reader", reader), ("$at", SqliteDatabase.Instant(at))),
            _ => true, cancellationToken);

    public async Task<WebhookRegistration?> WebhookAsync(string bankId, CancellationToken cancellationToken) =>
        (await database.QueryDocumentsAsync<WebhookRegistration>("SELECT doc FROM webhooks WHERE bank_id = $bank", cancellationToken, ("$bank", bankId))).FirstOrDefault();

    public Task PutWebhookAsync(WebhookRegistration registration, CancellationToken cancellationToken) =>
        PutAsync("webhooks", "bank_id", registration.BankId, registration, cancellationToken);

    public Task<bool> DeleteWebhookAsync(string bankId, CancellationToken cancellationToken) => DeleteAsync("webhooks", "bank_id", bankId, cancellationToken);

    public async Task<SmsRegistration?> SmsAsync(string audienceKey, CancellationToken cancellationToken) =>
        (await database.QueryDocumentsAsync<SmsRegistration>("SELECT doc FROM sms_numbers WHERE audience = $audience", cancellationToken, ("$audience", audienceKey)))
        .FirstOrDefault();

    public Task PutSmsAsync(SmsRegistration registration, CancellationToken cancellationToken) =>
        PutAsync("sms_numbers", "audience", registration.AudienceKey, registration, cancellationToken);

    public Task<bool> DeleteSmsAsync(string audienceKey, CancellationToken cancellationToken) => DeleteAsync("sms_numbers", "audience", audienceKey, cancellationToken);

    public async Task<IReadOnlyList<Delivery>> DueDeliveriesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
        await database.QueryDocumentsAsync<Delivery>(
            "SELECT doc FROM deliveries WHERE status = $pending AND next_attempt_at <= $now ORDER BY next_attempt_at, id LIMIT $limit",
            cancellationToken, ("$pending", DeliveryStatus.Pending.Wire()), ("$now", SqliteDatabase.Instant(now)), ("$limit", limit));

    public async Task<bool> TryClaimDeliveryAsync(Delivery delivery, DateTimeOffset until, CancellationToken cancellationToken) =>
        await database.WriteAsync(
            (connection, transaction) => SqliteDatabase.ExecuteAsync(connection, transaction,
                "UPDATE deliveries SET next_attempt_at = $until, doc = $doc WHERE id = $id AND status = $pending AND next_attempt_at = $expected",
                cancellationToken, ("$id", delivery.DeliveryId), ("$until", SqliteDatabase.Instant(until)), ("$pending", DeliveryStatus.Pending.Wire()),
                ("$expected", SqliteDatabase.Instant(delivery.NextAttemptAt)), ("$doc", StoreJson.Serialize(delivery with { NextAttemptAt = until }))),
            _ => true, cancellationToken) == 1;

    public async Task<bool> UpdateDeliveryAsync(Delivery delivery, DateTimeOffset claimedUntil, CancellationToken cancellationToken) =>
        await database.WriteAsync(
            (connection, transaction) => SqliteDatabase.ExecuteAsync(connection, transaction,
                "UPDATE deliveries SET status = $status, next_attempt_at = $next, doc = $doc WHERE id = $id AND next_attempt_at = $claimed",
                cancellationToken, ("$id", delivery.DeliveryId), ("$status", delivery.Status.Wire()), ("$next", SqliteDatabase.Instant(delivery.NextAttemptAt)),
                ("$doc", StoreJson.Serialize(delivery)), ("$claimed", SqliteDatabase.Instant(claimedUntil))),
            _ => true, cancellationToken) == 1;

    public async Task<Page<Delivery>> ListDeliveriesAsync(string audienceKey, DeliveryChannel channel, int pageSize, string? after, CancellationToken cancellationToken)
    {
        var items = await database.QueryDocumentsAsync<Delivery>(
            "SELECT doc FROM deliveries WHERE audience = $audience AND channel = $channel AND ($after IS NULL OR id < $after) ORDER BY id DESC LIMIT $limit",
            cancellationToken, ("$audience", audienceKey), ("$channel", channel.Wire()), ("$after", after), ("$limit", pageSize + 1));
        return Page.Of(items, pageSize, d => d.DeliveryId);
    }

    // What InboxFilter's $audience holds: a region prefix for officials, an inbox's key otherwise.
    private static string AudienceParameter(InboxQuery query) => query.Kind == AudienceKind.Region ? query.Id : new Audience(query.Kind, query.Id).Key;

    private static string InboxFilter(InboxQuery query) => query.Kind == AudienceKind.Region
        ? $"n.audience_kind = '{AudienceKind.Region.Wire()}' AND {RegionRanges.Within("n.audience_id", "$audience")}"
        : "n.audience = $audience";

    private async Task<List<InboxItem>> ReadInboxAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var connection = database.Open();
        await using var command = SqliteDatabase.Command(connection, null, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<InboxItem>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new InboxItem(StoreJson.Deserialize<Notice>(reader.GetString(0)), reader.GetInt64(1) != 0));
        }

        return items;
    }

    private Task<int> PutAsync<T>(string table, string keyColumn, string key, T document, CancellationToken cancellationToken) =>
        database.WriteAsync(
            (connection, transaction) => SqliteDatabase.ExecuteAsync(connection, transaction,
                $"INSERT INTO {table} ({keyColumn}, doc) VALUES ($key, $doc) ON CONFLICT ({keyColumn}) DO UPDATE SET doc = $doc",
                cancellationToken, ("$key", key), ("$doc", StoreJson.Serialize(document))),
            _ => true, cancellationToken);

    private async Task<bool> DeleteAsync(string table, string keyColumn, string key, CancellationToken cancellationToken) =>
        await database.WriteAsync(
            (connection, transaction) => SqliteDatabase.ExecuteAsync(connection, transaction, $"DELETE FROM {table} WHERE {keyColumn} = $key", cancellationToken, ("$key", key)),
            _ => true, cancellationToken) > 0;
}
