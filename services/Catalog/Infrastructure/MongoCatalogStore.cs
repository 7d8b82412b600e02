using FinanceMarket.Catalog.Model;
using FinanceMarket.ServiceDefaults.Events;
using FinanceMarket.ServiceDefaults.Storage;
using MongoDB.Bson;
using MongoDB.Driver;

namespace FinanceMarket.Catalog.Infrastructure;

// Bank ids and product ids are the _id of their collections (MongoDB's unique index); products carry
// their version at the top level so an update can be conditional on it.
internal sealed class MongoCatalogStore(IMongoDatabase database, OutboxSignal signal) : ICatalogStore, IMongoStore
{
    private static readonly FilterDefinitionBuilder<BsonDocument> Filter = Builders<BsonDocument>.Filter;

    private IMongoCollection<BsonDocument> Banks => database.GetCollection<BsonDocument>("banks");

    private IMongoCollection<BsonDocument> Products => database.GetCollection<BsonDocument>("products");

    public async Task CreateIndexesAsync(CancellationToken cancellationToken)
    {
        // Collections are created here, not by a first insert inside a transaction (which races).
        await MongoDocuments.EnsureCollectionsAsync(database, ["banks", "products"], cancellationToken);
        var keys = Builders<BsonDocument>.IndexKeys;
        await Products.Indexes.CreateManyAsync(
            [
                new CreateIndexModel<BsonDocument>(keys.Ascending("status").Ascending("_id")),
                new CreateIndexModel<BsonDocument>(keys.Ascending("bankId").Ascending("status").Ascending("_id")),
                new CreateIndexModel<BsonDocument>(keys.Ascending("kind").Ascending("status").Ascending("_id")),
            ],
            cancellationToken);
    }

    public async Task<bool> TryCreateBankAsync(Bank bank, IReadOnlyList<IntegrationEvent> events, CancellationToken cancellationToken)
    {
        try
        {
            return await MongoDocuments.WriteWithEventsAsync(database, async session =>
            {
                await Banks.InsertOneAsync(session, new BsonDocument { ["_id"] = bank.BankId, ["doc"] = MongoDocuments.ToBson(bank) }, cancellationToken: cancellationToken);
                return true;
            }, events, signal, cancellationToken);
        }
        catch (Exception ex) when (MongoDocuments.IsDuplicateKey(ex))
        {
            return false;
        }
    }

    // Only "doc" is replaced: the bank's listings counter beside it stays.
    public Task<bool> TryRenameBankAsync(Bank renamed, string expectedName, IntegrationEvent audit, CancellationToken cancellationToken) =>
        MongoDocuments.WriteWithEventAsync(database, async session =>
        {
            var result = await Banks.UpdateOneAsync(session,
                Filter.Eq("_id", renamed.BankId) & Filter.Eq("doc.name", expectedName),
                Builders<BsonDocument>.Update.Set("doc", MongoDocuments.ToBson(renamed)), cancellationToken: cancellationToken);
            return result.MatchedCount == 1;
        }, audit, signal, cancellationToken);

    public async Task<Bank?> FindBankAsync(string bankId, CancellationToken cancellationToken)
    {
        var document = await Banks.Find(Filter.Eq("_id", bankId)).FirstOrDefaultAsync(cancellationToken);
        return document is null ? null : MongoDocuments.FromBson<Bank>(document["doc"].AsBsonDocument);
    }

    public async Task<Page<Bank>> ListBanksAsync(int pageSize, string? afterBankId, CancellationToken cancellationToken)
    {
        var items = await MongoDocuments.FindAsync<Bank>(Banks, Filter.Gt("_id", afterBankId ?? string.Empty), pageSize + 1, cancellationToken);
        return Page.Of(items, pageSize, b => b.BankId);
    }

    // Snapshot isolation alone would let two listings both count 999: each first writes the bank's document,
    // so concurrent listings of one bank conflict and the transaction is retried with the other's product seen.
    public Task<bool> TryAddProductAsync(Product product, int maxListed, IntegrationEvent listed, CancellationToken cancellationToken) =>
        MongoDocuments.WriteWithEventAsync(database, async session =>
        {
            await Banks.UpdateOneAsync(session, Filter.Eq("_id", product.BankId), Builders<BsonDocument>.Update.Inc("listings", 1L), cancellationToken: cancellationToken);
            var listedNow = await Products.CountDocumentsAsync(session,
                Filter.Eq("bankId", product.BankId) & Filter.Eq("status", ProductStatus.Listed.Wire()), cancellationToken: cancellationToken);
            if (listedNow >= maxListed)
            {
                return false;
            }

            await Products.InsertOneAsync(session, ToDocument(product), cancellationToken: cancellationToken);
            return true;
        }, listed, signal, cancellationToken);

    public async Task<Product?> FindProductAsync(string productId, CancellationToken cancellationToken)
    {
        var items = await MongoDocuments.FindAsync<Product>(Products, Filter.Eq("_id", productId), 1, cancellationToken);
        return items.FirstOrDefault();
    }

    public Task<bool> TryUpdateProductAsync(Product product, long expectedVersion, IReadOnlyList<IntegrationEvent> events, CancellationToken cancellationToken) =>
        MongoDocuments.WriteWithEventsAsync(database, async session =>
        {
            var result = await Products.ReplaceOneAsync(session,
                Filter.Eq("_id", product.ProductId) & Filter.Eq("version", expectedVersion),
                ToDocument(product), cancellationToken: cancellationToken);
            return result.MatchedCount == 1;
        }, events, signal, cancellationToken);

    public async Task<Page<Product>> BrowseAsync(ProductQuery query, int pageSize, string? afterProductId, CancellationToken cancellationToken)
    {
        var filter = Filter.Eq("status", query.Status.Wire()) & Filter.Gt("_id", afterProductId ?? string.Empty);
        if (query.Kind is { } kind)
        {
            filter &= Filter.Eq("kind", kind.Wire());
        }

        if (query.BankId is { } bankId)
        {
            filter &= Filter.Eq("bankId", bankId);
        }

        var items = await MongoDocuments.FindAsync<Product>(Products, filter, pageSize + 1, cancellationToken);
        return Page.Of(items, pageSize, p => p.ProductId);
    }

    private static BsonDocument ToDocument(Product product) => new()
    {
        ["_id"] = product.ProductId,
        ["bankId"] = product.BankId,
        ["kind"] = product.Kind.Wire(),
        ["status"] = product.Status.Wire(),
        ["version"] = product.Version,
        ["doc"] = MongoDocuments.ToBson(product),
    };
}
