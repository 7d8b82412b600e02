using FinanceMarket.Subsidies.Model;
using FinanceMarket.ServiceDefaults.Storage;
using MongoDB.Bson;
using MongoDB.Driver;

namespace FinanceMarket.Subsidies.Infrastructure;

internal sealed class MongoEnterpriseSizes(IMongoDatabase database) : IEnterpriseSizes
{
    private static readonly FilterDefinitionBuilder<BsonDocument> Filter = Builders<BsonDocument>.Filter;

    private IMongoCollection<BsonDocument> Sizes => database.GetCollection<BsonDocument>("enterprise_sizes");

    public async Task ApplyAsync(string uscc, SizeClass sizeClass, int correction, CancellationToken cancellationToken)
    {
        try
        {
            await Sizes.UpdateOneAsync(
                Filter.Eq("_id", uscc) & Filter.Lt("correction", correction),
                Builders<BsonDocument>.Update.Set("sizeClass", sizeClass.Wire()).Set("correction", correction),
                new UpdateOptions { IsUpsert = true },
                cancellationToken);
        }
        catch (Exception ex) when (MongoDocuments.IsDuplicateKey(ex))
        {
            // A later correction is kept already: the filter missed it and the upsert met its _id.
        }
    }

    public async Task<SizeClass?> CorrectedSizeOfAsync(string uscc, CancellationToken cancellationToken)
    {
        var document = await Sizes.Find(Filter.Eq("_id", uscc)).FirstOrDefaultAsync(cancellationToken);
        return document is null ? null : WireNames.Parse<SizeClass>(document["sizeClass"].AsString);
    }
}
