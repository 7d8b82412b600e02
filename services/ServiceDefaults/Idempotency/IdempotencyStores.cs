using Microsoft.Data.Sqlite;
using MongoDB.Bson;
using MongoDB.Driver;
using FinanceMarket.ServiceDefaults.Storage;

namespace FinanceMarket.ServiceDefaults.Idempotency;

// Where a service keeps the answers of the writes made with an Idempotency-Key: in its own database, beside
// the changes they answer.
public interface IIdempotencyStore
{
    // The saved answer of a key, unless it expired (it was saved before expiredBefore).
    Task<SavedAnswer?> FindAsync(string scope, DateTimeOffset expiredBefore, CancellationToken cancellationToken);

    // Saves an answer given after its change committed. Throws IdempotencyKeyTakenException when a live record
    // holds the key.
    Task SaveAsync(IdempotencyRecord record, CancellationToken cancellationToken);

    // Deletes the records saved before the given time; how many.
    Task<int> PurgeAsync(DateTimeOffset savedBefore, CancellationToken cancellationToken);
}

public sealed record SavedAnswer(byte[] RequestHash, byte[] Answer, bool WithEffect, DateTimeOffset CreatedAt);

public static class IdempotencyStores
{
    // As payment APIs keep theirs: long enough for any client's retries, short enough to stay small.
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    public const string SqliteSchema = """
        CREATE TABLE IF NOT EXISTS idempotency (
            scope TEXT PRIMARY KEY,
            request_hash BLOB NOT NULL,
            answer BLOB NOT NULL,
            with_effect INTEGER NOT NULL,
            created_at INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS idempotency_created ON idempotency (created_at);
        """;

    // Inside a write's transaction: takes the key unless a live record holds it (an expired one is replaced).
    public static async Task SaveAsync(SqliteConnection connection, SqliteTransaction transaction, IdempotencyRecord record, bool withEffect, CancellationToken cancellationToken)
    {
        var saved = await SqliteDatabase.ExecuteAsync(connection, transaction, """
            INSERT INTO idempotency (scope, request_hash, answer, with_effect, created_at) VALUES ($s, $h, $a, $e, $c)
            ON CONFLICT (scope) DO UPDATE SET request_hash = excluded.request_hash, answer = excluded.answer,
                with_effect = excluded.with_effect, created_at = excluded.created_at
            WHERE idempotency.created_at < $x
            """, cancellationToken,
            ("$s", record.Scope), ("$h", record.RequestHash), ("$a", record.Answer), ("$e", withEffect ? 1 : 0),
            ("$c", record.CreatedAt.ToUnixTimeMilliseconds()), ("$x", record.ExpiredBefore.ToUnixTimeMilliseconds()));
        if (saved == 0)
        {
            throw new IdempotencyKeyTakenException(record.Scope);
        }
    }

    public const string MongoCollection = "idempotency";

    public static async Task SaveAsync(IMongoDatabase database, IClientSessionHandle? session, IdempotencyRecord record, bool withEffect, CancellationToken cancellationToken)
    {
        var collection = database.GetCollection<BsonDocument>(MongoCollection);
        var filter = Builders<BsonDocument>.Filter.Eq("_id", record.Scope) & Builders<BsonDocument>.Filter.Lt("createdAt", record.ExpiredBefore.UtcDateTime);
        var document = new BsonDocument
        {
            ["_id"] = record.Scope,
            ["requestHash"] = new BsonBinaryData(record.RequestHash),
            ["answer"] = new BsonBinaryData(record.Answer),
            ["withEffect"] = withEffect,
            ["createdAt"] = record.CreatedAt.UtcDateTime,
        };
        try
        {
            // Replaces an expired record; with a live one the filter matches nothing and the upsert's insert
            // meets the same _id.
            var options = new ReplaceOptions { IsUpsert = true };
            if (session is null)
            {
                await collection.ReplaceOneAsync(filter, document, options, cancellationToken);
            }
            else
            {
                await collection.ReplaceOneAsync(session, filter, document, options, cancellationToken);
            }
        }
        catch (Exception ex) when (MongoDocuments.IsDuplicateKey(ex))
        {
            throw new IdempotencyKeyTakenException(record.Scope);
        }
    }
}

public sealed class SqliteIdempotencyStore(SqliteDatabase database) : IIdempotencyStore
{
    public async Task<SavedAnswer?> FindAsync(string scope, DateTimeOffset expiredBefore, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = SqliteDatabase.Command(connection, null,
            "SELECT request_hash, answer, with_effect, created_at FROM idempotency WHERE scope = $s AND created_at >= $x",
            ("$s", scope), ("$x", expiredBefore.ToUnixTimeMilliseconds()));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new SavedAnswer((byte[])reader[0], (byte[])reader[1], reader.GetInt64(2) == 1, DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)));
    }

    public Task SaveAsync(IdempotencyRecord record, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            await IdempotencyStores.SaveAsync(connection, transaction, record, withEffect: false, cancellationToken);
            return true;
        }, _ => true, cancellationToken);

    public Task<int> PurgeAsync(DateTimeOffset savedBefore, CancellationToken cancellationToken) =>
        database.WriteAsync(
            (connection, transaction) => SqliteDatabase.ExecuteAsync(connection, transaction, "DELETE FROM idempotency WHERE created_at < $x", cancellationToken, ("$x", savedBefore.ToUnixTimeMilliseconds())),
            _ => true, cancellationToken);
}

public sealed class MongoIdempotencyStore(IMongoDatabase database) : IIdempotencyStore
{
    private IMongoCollection<BsonDocument> Collection => database.GetCollection<BsonDocument>(IdempotencyStores.MongoCollection);

    // The collection exists before a transaction writes to it; the purge finds expired keys by their time.
    public static async Task CreateIndexesAsync(IMongoDatabase database, CancellationToken cancellationToken)
    {
        await MongoDocuments.EnsureCollectionsAsync(database, [IdempotencyStores.MongoCollection], cancellationToken);
        await database.GetCollection<BsonDocument>(IdempotencyStores.MongoCollection).Indexes.CreateOneAsync(
            new CreateIndexModel<BsonDocument>(Builders<BsonDocument>.IndexKeys.Ascending("createdAt")), cancellationToken: cancellationToken);
    }

    public async Task<SavedAnswer?> FindAsync(string scope, DateTimeOffset expiredBefore, CancellationToken cancellationToken)
    {
        var filter = Builders<BsonDocument>.Filter.Eq("_id", scope) & Builders<BsonDocument>.Filter.Gte("createdAt", expiredBefore.UtcDateTime);
        var document = await Collection.Find(filter).FirstOrDefaultAsync(cancellationToken);
        return document is null
            ? null
            : new SavedAnswer(document["requestHash"].AsByteArray, document["answer"].AsByteArray, document["withEffect"].AsBoolean,
                new DateTimeOffset(document["createdAt"].ToUniversalTime(), TimeSpan.Zero));
    }

    public Task SaveAsync(IdempotencyRecord record, CancellationToken cancellationToken) =>
        IdempotencyStores.SaveAsync(database, null, record, withEffect: false, cancellationToken);

    public async Task<int> PurgeAsync(DateTimeOffset savedBefore, CancellationToken cancellationToken) =>
        (int)(await Collection.DeleteManyAsync(Builders<BsonDocument>.Filter.Lt("createdAt", savedBefore.UtcDateTime), cancellationToken)).DeletedCount;
}
