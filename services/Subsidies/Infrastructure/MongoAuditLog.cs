using System.Globalization;
using System.Runtime.CompilerServices;
using FinanceMarket.ServiceDefaults.Storage;
using FinanceMarket.Subsidies.Model;
using MongoDB.Bson;
using MongoDB.Driver;

namespace FinanceMarket.Subsidies.Infrastructure;

// Entries are keyed by Seq (_id), so two replicas appending at once cannot both take the next number:
// the loser's transaction fails on the key and is run again on the new last entry.
internal sealed class MongoAuditLog(IMongoDatabase database) : IAuditLog
{
    private const int Attempts = 100;

    private static readonly FilterDefinitionBuilder<BsonDocument> Filter = Builders<BsonDocument>.Filter;

    private IMongoCollection<BsonDocument> Entries => database.GetCollection<BsonDocument>("audit_log");

    public static async Task CreateIndexesAsync(IMongoDatabase database, CancellationToken cancellationToken)
    {
        await MongoDocuments.EnsureCollectionsAsync(database, ["audit_log"], cancellationToken);
        var keys = Builders<BsonDocument>.IndexKeys;
        await database.GetCollection<BsonDocument>("audit_log").Indexes.CreateManyAsync(
            [
                new CreateIndexModel<BsonDocument>(keys.Ascending("id"), new CreateIndexOptions { Unique = true }),
                new CreateIndexModel<BsonDocument>(keys.Ascending("regionCode").Descending("_id")),
            ],
            cancellationToken);
    }

    public async Task<bool> AppendAsync(AuditRecordedIntegrationEvent recorded, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await MongoDocuments.InTransactionAsync(database, async session =>
                {
                    if (await Entries.Find(session, Filter.Eq("id", recorded.Id.ToString())).AnyAsync(cancellationToken))
                    {
                        return false;
                    }

                    var last = await Entries.Find(session, Filter.Empty).Sort(Builders<BsonDocument>.Sort.Descending("_id")).FirstOrDefaultAsync(cancellationToken);
                    var entry = AuditChain.Next(last is null ? null : Read(last), recorded);
                    await Entries.InsertOneAsync(session, new BsonDocument
                    {
                        ["_id"] = entry.Seq,
                        ["id"] = entry.Id.ToString(),
                        ["regionCode"] = entry.RegionCode,
                        ["at"] = SqliteDatabase.Instant(entry.At),
                        ["doc"] = MongoDocuments.ToBson(entry),
                    }, cancellationToken: cancellationToken);
                    return true;
                }, cancellationToken);
            }
            catch (Exception ex) when (MongoDocuments.IsDuplicateKey(ex) && attempt < Attempts)
            {
                // Another replica appended first (same Seq) or the same event arrived twice at once: look again.
            }
        }
    }

    public async Task<Page<AuditEntry>> ListAsync(AuditQuery query, int pageSize, long? beforeSeq, CancellationToken cancellationToken)
    {
        var filter = Filter.Lt("_id", beforeSeq ?? long.MaxValue);
        if (query.RegionPrefix is { } prefix)
        {
            filter &= Filter.Eq("regionCode", string.Empty) | RegionRanges.Within("regionCode", prefix, Filter);
        }

        if (query.From is { } from)
        {
            filter &= Filter.Gte("at", SqliteDatabase.Instant(from));
        }

        if (query.Before is { } to)
        {
            filter &= Filter.Lt("at", SqliteDatabase.Instant(to));
        }

        var documents = await Entries.Find(filter).Sort(Builders<BsonDocument>.Sort.Descending("_id")).Limit(pageSize + 1).ToListAsync(cancellationToken);
        return Page.Of(documents.Select(Read).ToList(), pageSize, e => e.Seq.ToString(CultureInfo.InvariantCulture));
    }

    public async IAsyncEnumerable<AuditEntry> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var cursor = await Entries.Find(Filter.Empty).Sort(Builders<BsonDocument>.Sort.Ascending("_id")).ToCursorAsync(cancellationToken);
        while (await cursor.MoveNextAsync(cancellationToken))
        {
            foreach (var document in cursor.Current)
            {
                yield return Read(document);
            }
        }
    }

    private static AuditEntry Read(BsonDocument document) =>
        MongoDocuments.FromBson<AuditEntry>(document["doc"].AsBsonDocument) with
        {
            Seq = document["_id"].ToInt64(),
            RegionCode = document["regionCode"].AsString,
            At = DateTimeOffset.Parse(document["at"].AsString, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
        };
}
