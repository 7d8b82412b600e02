using FinanceMarket.Enterprises.Model;
using FinanceMarket.ServiceDefaults.Events;
using FinanceMarket.ServiceDefaults.Storage;
using MongoDB.Bson;
using MongoDB.Driver;

namespace FinanceMarket.Enterprises.Infrastructure;

// The credit code is the _id, so the unique index that refuses a second registration is MongoDB's own.
internal sealed class MongoEnterpriseStore(IMongoDatabase database, OutboxSignal signal) : IEnterpriseStore, IMongoStore
{
    private IMongoCollection<BsonDocument> Enterprises => database.GetCollection<BsonDocument>("enterprises");

    public async Task CreateIndexesAsync(CancellationToken cancellationToken)
    {
        // Collections are created here, not by a first insert inside a transaction (which races).
        await MongoDocuments.EnsureCollectionsAsync(database, ["enterprises"], cancellationToken);
        await Enterprises.Indexes.CreateOneAsync(
            new CreateIndexModel<BsonDocument>(Builders<BsonDocument>.IndexKeys.Ascending("regionCode").Ascending("_id")),
            cancellationToken: cancellationToken);
    }

    public async Task<bool> TryRegisterAsync(Enterprise enterprise, IntegrationEvent registered, CancellationToken cancellationToken)
    {
        try
        {
            return await MongoDocuments.WriteWithEventAsync(database, async session =>
            {
                await Enterprises.InsertOneAsync(session, new BsonDocument
                {
                    ["_id"] = enterprise.Uscc,
                    ["regionCode"] = enterprise.RegionCode,
                    ["doc"] = MongoDocuments.ToBson(enterprise),
                }, cancellationToken: cancellationToken);
                return true;
            }, registered, signal, cancellationToken);
        }
        catch (Exception ex) when (MongoDocuments.IsDuplicateKey(ex))
        {
            return false;
        }
    }

    public async Task<Enterprise?> FindAsync(string uscc, CancellationToken cancellationToken)
    {
        var document = await Enterprises.Find(Builders<BsonDocument>.Filter.Eq("_id", uscc)).FirstOrDefaultAsync(cancellationToken);
        return document is null ? null : MongoDocuments.FromBson<Enterprise>(document["doc"].AsBsonDocument);
    }

    public async Task<Page<Enterprise>> ListAsync(string regionPrefix, int pageSize, string? afterUscc, CancellationToken cancellationToken)
    {
        var filter = Builders<BsonDocument>.Filter;
        var documents = await Enterprises
            .Find(filter.Gte("regionCode", regionPrefix) & filter.Lt("regionCode", regionPrefix + "\uffff") & filter.Gt("_id", afterUscc ?? string.Empty))
            .Sort(Builders<BsonDocument>.Sort.Ascending("_id"))
            .Limit(pageSize + 1)
            .ToListAsync(cancellationToken);
        var items = documents.Select(d => MongoDocuments.FromBson<Enterprise>(d["doc"].AsBsonDocument)).ToList();
        return Page.Of(items, pageSize, e => e.Uscc);
    }
}
