using FinanceMarket.IntegrationEvents;
using FinanceMarket.ServiceDefaults.Events;
using MongoDB.Bson;
using MongoDB.Driver;

namespace FinanceMarket.ServiceDefaults.Storage;

// The outbox collection of a service's MongoDB database; appended to inside the change's transaction.
public sealed class MongoOutbox(IMongoDatabase database) : IOutboxStore
{
    public const string CollectionName = "outbox";
    public const string LeaseCollectionName = "outbox_lease";

    // Pending messages read per batch slot, so retries waiting on their backoff do not fill a batch.
    private const int ScanFactor = 4;

    private IMongoCollection<BsonDocument> Collection => database.GetCollection<BsonDocument>(CollectionName);

    public static async Task CreateIndexesAsync(IMongoDatabase database, CancellationToken cancellationToken)
    {
        await MongoDocuments.EnsureCollectionsAsync(database, [CollectionName, LeaseCollectionName], cancellationToken);
        await database.GetCollection<BsonDocument>(CollectionName).Indexes.CreateOneAsync(
            new CreateIndexModel<BsonDocument>(
                Builders<BsonDocument>.IndexKeys.Ascending("publishedAt").Ascending("parked").Ascending("seq")),
            cancellationToken: cancellationToken);
    }

    public static Task AppendAsync(IMongoDatabase database, IClientSessionHandle session, IntegrationEvent integrationEvent, CancellationToken cancellationToken)
    {
        var message = OutboxMessage.From(integrationEvent);
        return database.GetCollection<BsonDocument>(CollectionName).InsertOneAsync(session, new BsonDocument
        {
            ["_id"] = message.Id.ToString(),
            // Sorts in the order this process appended: the relay publishes in the order events happened.
            ["seq"] = FinanceMarket.Domain.SortableId.NewId(),
            ["topic"] = message.Topic,
            ["orderingKey"] = message.OrderingKey,
            ["payload"] = message.Payload,
            ["occurredAt"] = message.OccurredAt.UtcDateTime,
            ["attempts"] = 0,
            ["nextAttemptAt"] = message.OccurredAt.UtcDateTime,
            ["publishedAt"] = BsonNull.Value,
            ["parked"] = false,
        }, cancellationToken: cancellationToken);
    }

    public async Task<IReadOnlyList<OutboxMessage>> PendingAsync(int max, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The first unpublished message of each key is the only one that may go; which of those are due
        // is decided here rather than in the query, so a waiting retry still holds back its key.
        var filter = Builders<BsonDocument>.Filter;
        var documents = await Collection
            .Find(filter.Eq("publishedAt", BsonNull.Value) & filter.Eq("parked", false))
            .Sort(Builders<BsonDocument>.Sort.Ascending("seq"))
            .Limit(max * ScanFactor)
            .ToListAsync(cancellationToken);
        var seenKeys = new HashSet<string>(StringComparer.Ordinal);
        return documents
            .Where(d => seenKeys.Add(d["orderingKey"].AsString) && d["nextAttemptAt"].ToUniversalTime() <= now.UtcDateTime)
            .Take(max)
            .Select(d => new OutboxMessage(
                Guid.Parse(d["_id"].AsString),
                d["topic"].AsString,
                d["orderingKey"].AsString,
                d["payload"].AsString,
                new DateTimeOffset(d["occurredAt"].ToUniversalTime(), TimeSpan.Zero),
                d["attempts"].AsInt32))
            .ToList();
    }

    public Task MarkPublishedAsync(Guid id, DateTimeOffset at, CancellationToken cancellationToken) =>
        Collection.UpdateOneAsync(
            Builders<BsonDocument>.Filter.Eq("_id", id.ToString()),
            Builders<BsonDocument>.Update.Set("publishedAt", at.UtcDateTime),
            cancellationToken: cancellationToken);

    public async Task<bool> TryLeaseAsync(string owner, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var filter = Builders<BsonDocument>.Filter;
        try
        {
            // Matches the lease if this owner holds it or it has expired; otherwise the upsert tries to
            // insert a second "relay" document, which the _id index refuses.
            await database.GetCollection<BsonDocument>(LeaseCollectionName).FindOneAndUpdateAsync(
                filter.Eq("_id", "relay") & (filter.Eq("owner", owner) | filter.Lt("expiresAt", now.UtcDateTime)),
                Builders<BsonDocument>.Update.Set("owner", owner).Set("expiresAt", until.UtcDateTime),
                new FindOneAndUpdateOptions<BsonDocument> { IsUpsert = true },
                cancellationToken);
            return true;
        }
        catch (Exception ex) when (MongoDocuments.IsDuplicateKey(ex))
        {
            return false;
        }
    }

    public async Task<int> PurgePublishedAsync(DateTimeOffset publishedBefore, CancellationToken cancellationToken)
    {
        var filter = Builders<BsonDocument>.Filter;
        var result = await Collection.DeleteManyAsync(filter.Ne("publishedAt", BsonNull.Value) & filter.Lt("publishedAt", publishedBefore.UtcDateTime), cancellationToken);
        return (int)result.DeletedCount;
    }

    public Task MarkFailedAsync(Guid id, int attempts, DateTimeOffset nextAttemptAt, bool parked, string failure, CancellationToken cancellationToken) =>
        Collection.UpdateOneAsync(
            Builders<BsonDocument>.Filter.Eq("_id", id.ToString()),
            Builders<BsonDocument>.Update
                .Set("attempts", attempts).Set("nextAttemptAt", nextAttemptAt.UtcDateTime).Set("parked", parked).Set("lastError", failure),
            cancellationToken: cancellationToken);
}
