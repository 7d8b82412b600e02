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

    public async Task<bool> TryRegisterAsync(Enterprise enterprise, IReadOnlyList<IntegrationEvent> events, CancellationToken cancellationToken)
    {
        try
        {
            return await MongoDocuments.WriteWithEventsAsync(database, async session =>
            {
                await Enterprises.InsertOneAsync(session, new BsonDocument
                {
                    ["_id"] = enterprise.Uscc,
                    ["regionCode"] = enterprise.RegionCode,
                    ["doc"] = MongoDocuments.ToBson(enterprise),
                }, cancellationToken: cancellationToken);
                return true;
            }, events, signal, cancellationToken);
        }
        catch (Exception ex) when (MongoDocuments.IsDuplicateKey(ex))
        {
            return false;
        }
    }

    public Task<bool> TryCorrectAsync(Enterprise corrected, int expectedCorrections, IReadOnlyList<IntegrationEvent> events, CancellationToken cancellationToken) =>
        MongoDocuments.WriteWithEventsAsync(database, async session =>
        {
            var filter = Builders<BsonDocument>.Filter;
            // The corrections so far are the record's version; one registered before corrections existed has none.
            var unchanged = expectedCorrections == 0
                ? filter.Or(filter.Exists("doc.corrections", false), filter.Eq("doc.corrections", BsonNull.Value), filter.Size("doc.corrections", 0))
                : filter.Size("doc.corrections", expectedCorrections);
            var result = await Enterprises.UpdateOneAsync(session, filter.Eq("_id", corrected.Uscc) & unchanged,
                Builders<BsonDocument>.Update.Set("doc", MongoDocuments.ToBson(corrected)), cancellationToken: cancellationToken);
            return result.MatchedCount == 1;
        }, events, signal, cancellationToken);

    public async Task<Enterprise?> FindAsync(string uscc, CancellationToken cancellationToken)
    {
        var document = await Enterprises.Find(Builders<BsonDocument>.Filter.Eq("_id", uscc)).FirstOrDefaultAsync(cancellationToken);
        return document is null ? null : MongoDocuments.FromBson<Enterprise>(document["doc"].AsBsonDocument);
    }

    public async Task<Page<Enterprise>> ListAsync(string regionPrefix, int pageSize, string? afterUscc, CancellationToken cancellationToken)
    {
        var filter = Builders<BsonDocument>.Filter;
        var documents = await Enterprises
            .Find(RegionRanges.Within("regionCode", regionPrefix, filter) & filter.Gt("_id", afterUscc ?? string.Empty))
            .Sort(Builders<BsonDocument>.Sort.Ascending("_id"))
            .Limit(pageSize + 1)
            .ToListAsync(cancellationToken);
        var items = documents.Select(d => MongoDocuments.FromBson<Enterprise>(d["doc"].AsBsonDocument)).ToList();
        return Page.Of(items, pageSize, e => e.Uscc);
    }

    // One aggregation over the stored documents' fields, grouped as the SQLite store groups its profile rows.
    public async Task<IReadOnlyList<ReachCell>> CountAsync(EnterpriseCriteria criteria, CancellationToken cancellationToken)
    {
        var filter = Builders<BsonDocument>.Filter;
        var match = filter.Empty;
        if (criteria.SizeClasses.Count > 0)
        {
            match &= filter.In("doc.sizeClass", criteria.SizeClasses.Select(s => s.Wire()));
        }

        if (criteria.TaxCreditRatings.Count > 0)
        {
            match &= filter.In("doc.taxCreditRating", criteria.TaxCreditRatings.Select(r => r.Wire()));
        }

        if (criteria.IndustryPrefixes.Count > 0)
        {
            match &= filter.Or(criteria.IndustryPrefixes.Select(p => filter.Regex("doc.industryCode", new BsonRegularExpression("^" + System.Text.RegularExpressions.Regex.Escape(p)))));
        }

        if (criteria.RegionPrefixes.Count > 0)
        {
            match &= filter.Or(criteria.RegionPrefixes.Select(p => RegionRanges.Within("regionCode", p, filter)));
        }

        if (criteria.EstablishedOnOrBefore is { } founded)
        {
            match &= filter.Lte("doc.establishedOn", Dates.Day(founded));
        }

        var groups = await Enterprises.Aggregate()
            .Match(match)
            .Group(new BsonDocument
            {
                ["_id"] = new BsonDocument
                {
                    ["region"] = "$regionCode",
                    ["section"] = new BsonDocument("$substrCP", new BsonArray { "$doc.industryCode", 0, 1 }),
                    ["size"] = "$doc.sizeClass",
                },
                ["count"] = new BsonDocument("$sum", 1L),
            })
            .ToListAsync(cancellationToken);
        return [.. groups.Select(g => new ReachCell(
            g["_id"]["region"].AsString, g["_id"]["section"].AsString, WireNames.Parse<SizeClass>(g["_id"]["size"].AsString), g["count"].ToInt64()))];
    }
}
