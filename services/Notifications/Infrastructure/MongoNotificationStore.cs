using FinanceMarket.Notifications.Model;
using FinanceMarket.ServiceDefaults.Storage;
using MongoDB.Bson;
using MongoDB.Driver;

namespace FinanceMarket.Notifications.Infrastructure;

// The same inboxes in MongoDB. Instants that are compared are kept as SQLite's fixed-width text, which sorts as time does and
// keeps every tick (a BSON date drops below the millisecond). A notice or a digest's need is added once by upserting on its key with
// $setOnInsert (an insert that hits the unique key would abort the whole transaction); the read marks are
// documents of their own, joined to a page with $lookup.
internal sealed class MongoNotificationStore(IMongoDatabase database) : INotificationStore, IMongoStore
{
    private static readonly FilterDefinitionBuilder<BsonDocument> Filter = Builders<BsonDocument>.Filter;

    private IMongoCollection<BsonDocument> Notices => database.GetCollection<BsonDocument>("notifications");

    private IMongoCollection<BsonDocument> Reads => database.GetCollection<BsonDocument>("notification_reads");

    private IMongoCollection<BsonDocument> DigestNeeds => database.GetCollection<BsonDocument>("digest_needs");

    private IMongoCollection<BsonDocument> Names => database.GetCollection<BsonDocument>("names");

    private IMongoCollection<BsonDocument> Webhooks => database.GetCollection<BsonDocument>("webhooks");

    private IMongoCollection<BsonDocument> SmsNumbers => database.GetCollection<BsonDocument>("sms_numbers");

    private IMongoCollection<BsonDocument> DeliveryLog => database.GetCollection<BsonDocument>("deliveries");

    public async Task CreateIndexesAsync(CancellationToken cancellationToken)
    {
        await MongoDocuments.EnsureCollectionsAsync(database,
            ["notifications", "notification_reads", "digest_needs", "names", "webhooks", "sms_numbers", "deliveries"], cancellationToken);
        var keys = Builders<BsonDocument>.IndexKeys;
        await Notices.Indexes.CreateManyAsync(
            [
                new CreateIndexModel<BsonDocument>(keys.Ascending("key"), new CreateIndexOptions { Unique = true }),
                new CreateIndexModel<BsonDocument>(keys.Ascending("audience").Descending("_id")),
                new CreateIndexModel<BsonDocument>(keys.Ascending("audienceKind").Ascending("audienceId").Descending("_id")),
            ],
            cancellationToken);
        await Reads.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(keys.Ascending("notificationId")), cancellationToken: cancellationToken);
        await DeliveryLog.Indexes.CreateManyAsync(
            [
                new CreateIndexModel<BsonDocument>(keys.Ascending("status").Ascending("nextAttemptAt")),
                new CreateIndexModel<BsonDocument>(keys.Ascending("audience").Ascending("channel").Descending("_id")),
            ],
            cancellationToken);
    }

    public Task<int> ApplyAsync(IReadOnlyList<NoticeDraft> drafts, DateTimeOffset now, Func<string> newId, CancellationToken cancellationToken) =>
        MongoDocuments.InTransactionAsync(database, async session =>
        {
            var applied = 0;
            foreach (var draft in drafts)
            {
                if (await ApplyOneAsync(session, draft, now, newId, cancellationToken))
                {
                    applied++;
                }
            }

            return applied;
        }, cancellationToken);

    private async Task<bool> ApplyOneAsync(IClientSessionHandle session, NoticeDraft draft, DateTimeOffset now, Func<string> newId, CancellationToken cancellationToken)
    {
        if (draft.DigestNeedId is { } needId && !await InsertOnceAsync(session, DigestNeeds, draft.Key + "|" + needId, new BsonDocument(), cancellationToken))
        {
            return false;
        }

        // Added by an upsert on its key: two deliveries of one fact (or two needs of one digest) at once leave
        // one notice, where a find then an insert would let the second fail on the unique key.
        var fresh = new Notice(newId(), draft.Key, draft.Kind, draft.To, draft.About, draft.DigestNeedId is null ? 0 : 1, now, now);
        var added = await Notices.UpdateOneAsync(session, Filter.Eq("key", draft.Key),
            Builders<BsonDocument>.Update.SetOnInsert("_id", fresh.NotificationId).SetOnInsert("audience", fresh.To.Key)
                .SetOnInsert("audienceKind", fresh.To.Kind.Wire()).SetOnInsert("audienceId", fresh.To.Id).SetOnInsert("doc", MongoDocuments.ToBson(fresh)),
            new UpdateOptions { IsUpsert = true }, cancellationToken);
        var created = added.UpsertedId is not null;
        Notice notice;
        if (created)
        {
            notice = fresh;
        }
        else if (draft.DigestNeedId is not null)
        {
            var existing = await Notices.Find(session, Filter.Eq("key", draft.Key)).FirstAsync(cancellationToken);
            var kept = MongoDocuments.FromBson<Notice>(existing["doc"].AsBsonDocument);
            notice = kept with { Count = kept.Count + 1, UpdatedAt = now };
            await Notices.UpdateOneAsync(session, Filter.Eq("_id", notice.NotificationId), Builders<BsonDocument>.Update.Set("doc", MongoDocuments.ToBson(notice)),
                cancellationToken: cancellationToken);
            await Reads.DeleteManyAsync(session, Filter.Eq("notificationId", notice.NotificationId), cancellationToken: cancellationToken);
        }
        else
        {
            return false;
        }

        var hasWebhook = draft.To.Kind == AudienceKind.Bank && await Webhooks.Find(session, Filter.Eq("_id", draft.To.Id)).AnyAsync(cancellationToken);
        var hasSms = await SmsNumbers.Find(session, Filter.Eq("_id", draft.To.Key)).AnyAsync(cancellationToken);
        foreach (var delivery in Deliveries.For(draft, notice, created, hasWebhook, hasSms, now, newId))
        {
            await DeliveryLog.InsertOneAsync(session, DeliveryDocument(delivery), cancellationToken: cancellationToken);
        }

        return true;
    }

    public Task SetNameAsync(string key, string name, CancellationToken cancellationToken) =>
        Names.UpdateOneAsync(Filter.Eq("_id", key), Builders<BsonDocument>.Update.Set("name", name), new UpdateOptions { IsUpsert = true }, cancellationToken);

    public async Task<IReadOnlyDictionary<string, string>> NamesAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        var found = await Names.Find(Filter.In("_id", keys.Distinct(StringComparer.Ordinal))).ToListAsync(cancellationToken);
        return found.ToDictionary(d => d["_id"].AsString, d => d["name"].AsString, StringComparer.Ordinal);
    }

    public async Task<Page<InboxItem>> ListAsync(InboxQuery query, int pageSize, string? after, CancellationToken cancellationToken)
    {
        var filter = InboxFilter(query);
        if (after is not null)
        {
            filter &= Filter.Lt("_id", after);
        }

        var documents = await Inbox(filter, query.Reader, query.UnreadOnly).Limit(pageSize + 1).ToListAsync(cancellationToken);
        return Page.Of([.. documents.Select(d => Item(d, query.Reader))], pageSize, i => i.Notice.NotificationId);
    }

    public async Task<int> CountUnreadAsync(InboxQuery query, int cap, CancellationToken cancellationToken) =>
        (int)((await Inbox(InboxFilter(query), query.Reader, unreadOnly: true).Limit(cap).Count().FirstOrDefaultAsync(cancellationToken))?.Count ?? 0);

    public async Task<InboxItem?> FindAsync(string notificationId, string reader, CancellationToken cancellationToken)
    {
        var found = await Inbox(Filter.Eq("_id", notificationId), reader, unreadOnly: false).FirstOrDefaultAsync(cancellationToken);
        return found is null ? null : Item(found, reader);
    }

    public Task MarkReadAsync(string notificationId, string reader, DateTimeOffset at, CancellationToken cancellationToken) =>
        Reads.UpdateOneAsync(Filter.Eq("_id", notificationId + "|" + reader),
            Builders<BsonDocument>.Update.SetOnInsert("notificationId", notificationId).SetOnInsert("reader", reader).SetOnInsert("readAt", at.UtcDateTime),
            new UpdateOptions { IsUpsert = true }, cancellationToken);

    public Task<WebhookRegistration?> WebhookAsync(string bankId, CancellationToken cancellationToken) => FindDocAsync<WebhookRegistration>(Webhooks, bankId, cancellationToken);

    public Task PutWebhookAsync(WebhookRegistration registration, CancellationToken cancellationToken) =>
        PutDocAsync(Webhooks, registration.BankId, registration, cancellationToken);

    public async Task<bool> DeleteWebhookAsync(string bankId, CancellationToken cancellationToken) =>
        (await Webhooks.DeleteOneAsync(Filter.Eq("_id", bankId), cancellationToken)).DeletedCount > 0;

    public Task<SmsRegistration?> SmsAsync(string audienceKey, CancellationToken cancellationToken) => FindDocAsync<SmsRegistration>(SmsNumbers, audienceKey, cancellationToken);

    public Task PutSmsAsync(SmsRegistration registration, CancellationToken cancellationToken) =>
        PutDocAsync(SmsNumbers, registration.AudienceKey, registration, cancellationToken);

    public async Task<bool> DeleteSmsAsync(string audienceKey, CancellationToken cancellationToken) =>
        (await SmsNumbers.DeleteOneAsync(Filter.Eq("_id", audienceKey), cancellationToken)).DeletedCount > 0;

    public async Task<IReadOnlyList<Delivery>> DueDeliveriesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        var documents = await DeliveryLog.Find(Filter.Eq("status", DeliveryStatus.Pending.Wire()) & Filter.Lte("nextAttemptAt", SqliteDatabase.Instant(now)))
            .Sort(Builders<BsonDocument>.Sort.Ascending("nextAttemptAt").Ascending("_id")).Limit(limit).ToListAsync(cancellationToken);
        return [.. documents.Select(d => MongoDocuments.FromBson<Delivery>(d["doc"].AsBsonDocument))];
    }

    public async Task<bool> TryClaimDeliveryAsync(Delivery delivery, DateTimeOffset until, CancellationToken cancellationToken) =>
        (await DeliveryLog.ReplaceOneAsync(
            Filter.Eq("_id", delivery.DeliveryId) & Filter.Eq("status", DeliveryStatus.Pending.Wire()) & Filter.Eq("nextAttemptAt", SqliteDatabase.Instant(delivery.NextAttemptAt)),
            DeliveryDocument(delivery with { NextAttemptAt = until }), cancellationToken: cancellationToken)).ModifiedCount == 1;

    public async Task<bool> UpdateDeliveryAsync(Delivery delivery, DateTimeOffset claimedUntil, CancellationToken cancellationToken) =>
        (await DeliveryLog.ReplaceOneAsync(Filter.Eq("_id", delivery.DeliveryId) & Filter.Eq("nextAttemptAt", SqliteDatabase.Instant(claimedUntil)),
            DeliveryDocument(delivery), cancellationToken: cancellationToken)).ModifiedCount == 1;

    public async Task<Page<Delivery>> ListDeliveriesAsync(string audienceKey, DeliveryChannel channel, int pageSize, string? after, CancellationToken cancellationToken)
    {
        var filter = Filter.Eq("audience", audienceKey) & Filter.Eq("channel", channel.Wire());
        if (after is not null)
        {
            filter &= Filter.Lt("_id", after);
        }

        var documents = await DeliveryLog.Find(filter).Sort(Builders<BsonDocument>.Sort.Descending("_id")).Limit(pageSize + 1).ToListAsync(cancellationToken);
        return Page.Of([.. documents.Select(d => MongoDocuments.FromBson<Delivery>(d["doc"].AsBsonDocument))], pageSize, d => d.DeliveryId);
    }

    private static FilterDefinition<BsonDocument> InboxFilter(InboxQuery query) => query.Kind == AudienceKind.Region
        ? Filter.Eq("audienceKind", AudienceKind.Region.Wire()) & RegionRanges.Within("audienceId", query.Id, Filter)
        : Filter.Eq("audience", new Audience(query.Kind, query.Id).Key);

    // Newest first, each with its readers; unread only: none of them is this reader.
    private IAggregateFluent<BsonDocument> Inbox(FilterDefinition<BsonDocument> filter, string reader, bool unreadOnly)
    {
        var pipeline = Notices.Aggregate().Match(filter).Sort(Builders<BsonDocument>.Sort.Descending("_id"))
            .AppendStage<BsonDocument>(new BsonDocument("$lookup", new BsonDocument
            {
                ["from"] = "notification_reads", ["localField"] = "_id", ["foreignField"] = "notificationId", ["as"] = "reads",
            }));
        return unreadOnly ? pipeline.Match(Filter.Ne("reads.reader", reader)) : pipeline;
    }

    private static InboxItem Item(BsonDocument document, string reader) =>
        new(MongoDocuments.FromBson<Notice>(document["doc"].AsBsonDocument), document["reads"].AsBsonArray.Any(r => r["reader"].AsString == reader));

    private static BsonDocument DeliveryDocument(Delivery delivery) => new()
    {
        ["_id"] = delivery.DeliveryId,
        ["audience"] = delivery.AudienceKey,
        ["channel"] = delivery.Channel.Wire(),
        ["status"] = delivery.Status.Wire(),
        ["nextAttemptAt"] = SqliteDatabase.Instant(delivery.NextAttemptAt),
        ["doc"] = MongoDocuments.ToBson(delivery),
    };

    private static async Task<bool> InsertOnceAsync(IClientSessionHandle session, IMongoCollection<BsonDocument> collection, string id, BsonDocument fields, CancellationToken cancellationToken)
    {
        var result = await collection.UpdateOneAsync(session, Filter.Eq("_id", id), new BsonDocument("$setOnInsert", fields.Add("at", DateTime.UtcNow)),
            new UpdateOptions { IsUpsert = true }, cancellationToken);
        return result.UpsertedId is not null;
    }

    private static async Task<T?> FindDocAsync<T>(IMongoCollection<BsonDocument> collection, string id, CancellationToken cancellationToken) where T : class
    {
        var found = await collection.Find(Filter.Eq("_id", id)).FirstOrDefaultAsync(cancellationToken);
        return found is null ? null : MongoDocuments.FromBson<T>(found["doc"].AsBsonDocument);
    }

    private static Task<ReplaceOneResult> PutDocAsync<T>(IMongoCollection<BsonDocument> collection, string id, T document, CancellationToken cancellationToken) =>
        collection.ReplaceOneAsync(Filter.Eq("_id", id), new BsonDocument { ["_id"] = id, ["doc"] = MongoDocuments.ToBson(document) },
            new ReplaceOptions { IsUpsert = true }, cancellationToken);
}
