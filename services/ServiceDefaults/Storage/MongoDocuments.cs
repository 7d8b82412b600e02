using FinanceMarket.IntegrationEvents;
using FinanceMarket.ServiceDefaults.Events;
using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Driver;

namespace FinanceMarket.ServiceDefaults.Storage;

public static class MongoDocuments
{
    // Domain records go through the same JSON as the SQLite adapter, so both keep the same document.
    public static BsonDocument ToBson<T>(T value) => BsonDocument.Parse(StoreJson.Serialize(value));

    public static T FromBson<T>(BsonDocument document) =>
        StoreJson.Deserialize<T>(document.ToJson(new JsonWriterSettings { OutputMode = JsonOutputMode.RelaxedExtendedJson }));

    // Each record is kept under "doc" beside the fields its queries filter on; results come in _id order.
    public static async Task<List<T>> FindAsync<T>(IMongoCollection<BsonDocument> collection, FilterDefinition<BsonDocument> filter, int limit, CancellationToken cancellationToken)
    {
        var documents = await collection.Find(filter).Sort(Builders<BsonDocument>.Sort.Ascending("_id")).Limit(limit).ToListAsync(cancellationToken);
        return documents.Select(d => FromBson<T>(d["doc"].AsBsonDocument)).ToList();
    }

    // A change and its outbox entry commit together; MongoDB runs as a replica set for this reason.
    // A write made for a call with an Idempotency-Key whose answer is known saves the key beside its change,
    // when the change applied (as `applied` says of its result; any result by default).
    public static async Task<T> InTransactionAsync<T>(
        IMongoDatabase database, Func<IClientSessionHandle, Task<T>> work, CancellationToken cancellationToken, Func<T, bool>? applied = null)
    {
        var call = Idempotency.IdempotentCall.Current;
        Idempotency.IdempotencyRecord? saved = null, taken = null;
        using var session = await database.Client.StartSessionAsync(cancellationToken: cancellationToken);
        var result = await session.WithTransactionAsync(async (s, _) =>
        {
            var result = await work(s);
            saved = null;
            // A transaction the driver runs again keeps the answer an earlier attempt took.
            taken = call?.TakeRecord() ?? taken;
            if (!(applied?.Invoke(result) ?? true))
            {
                // The answer was for this change: a later write of the call must not save it.
                taken = null;
            }

            if (taken is { } record)
            {
                await Idempotency.IdempotencyStores.SaveAsync(database, s, record, withEffect: true, cancellationToken);
                saved = record;
            }

            return result;
        }, cancellationToken: cancellationToken);
        saved?.Committed();
        return result;
    }

    public static async Task EnsureCollectionsAsync(IMongoDatabase database, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        var existing = await (await database.ListCollectionNamesAsync(cancellationToken: cancellationToken)).ToListAsync(cancellationToken);
        foreach (var name in names.Except(existing))
        {
            try
            {
                await database.CreateCollectionAsync(name, cancellationToken: cancellationToken);
            }
            catch (MongoCommandException ex) when (ex.CodeName == "NamespaceExists")
            {
                // Another replica created it first.
            }
        }
    }

    // The MongoDB twins of SqliteDatabase.WriteWithEventAsync and WriteWithEventsAsync.
    public static Task<bool> WriteWithEventAsync(
        IMongoDatabase database, Func<IClientSessionHandle, Task<bool>> change, IntegrationEvent? integrationEvent, OutboxSignal signal, CancellationToken cancellationToken) =>
        WriteWithEventsAsync(database, change, integrationEvent is null ? [] : [integrationEvent], signal, cancellationToken);

    public static async Task<bool> WriteWithEventsAsync(
        IMongoDatabase database, Func<IClientSessionHandle, Task<bool>> change, IReadOnlyList<IntegrationEvent> events, OutboxSignal signal, CancellationToken cancellationToken)
    {
        var saved = await InTransactionAsync(database, async session =>
        {
            if (!await change(session))
            {
                return false;
            }

            foreach (var integrationEvent in events)
            {
                await MongoOutbox.AppendAsync(database, session, integrationEvent, cancellationToken);
            }

            return true;
        }, cancellationToken, applied => applied);
        if (saved && events.Count > 0)
        {
            signal.Notify();
        }

        return saved;
    }

    // A duplicate key aborts the whole transaction, so callers catch it outside, never inside.
    public static bool IsDuplicateKey(Exception exception) => exception switch
    {
        MongoWriteException write => write.WriteError.Category == ServerErrorCategory.DuplicateKey,
        MongoCommandException command => command.Code == 11000,
        _ => false,
    };
}
