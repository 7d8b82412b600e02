using static FinanceMarket.Domain.Dates;
using System.Globalization;
using FinanceMarket.Matching.Model;
using FinanceMarket.ServiceDefaults.Events;
using FinanceMarket.ServiceDefaults.Storage;
using MongoDB.Bson;
using MongoDB.Driver;

namespace FinanceMarket.Matching.Infrastructure;

// Ids are the _id of their collections; the fields queries and the conditional update need (status,
// version, bank, region, decide-by) sit at the top level beside the document.
internal sealed class MongoMatchingStore(IMongoDatabase database, OutboxSignal signal) : IMatchingStore, IMongoStore
{
    private static readonly FilterDefinitionBuilder<BsonDocument> Filter = Builders<BsonDocument>.Filter;

    private IMongoCollection<BsonDocument> Needs => database.GetCollection<BsonDocument>("needs");

    private IMongoCollection<BsonDocument> Applications => database.GetCollection<BsonDocument>("applications");

    private IMongoCollection<BsonDocument> Calendar => database.GetCollection<BsonDocument>("calendar_years");

    public async Task CreateIndexesAsync(CancellationToken cancellationToken)
    {
        await MongoDocuments.EnsureCollectionsAsync(database, ["needs", "applications", "calendar_years"], cancellationToken);
        var keys = Builders<BsonDocument>.IndexKeys;
        await Applications.Indexes.CreateManyAsync(
            [
                new CreateIndexModel<BsonDocument>(keys.Ascending("needId").Ascending("productId"), new CreateIndexOptions { Unique = true }),
                new CreateIndexModel<BsonDocument>(keys.Ascending("bankId").Ascending("status").Ascending("_id")),
                new CreateIndexModel<BsonDocument>(keys.Ascending("uscc").Ascending("status").Ascending("_id")),
                new CreateIndexModel<BsonDocument>(keys.Ascending("regionCode").Ascending("_id")),
                new CreateIndexModel<BsonDocument>(keys.Ascending("status").Ascending("decideBy")),
            ],
            cancellationToken);
    }

    public Task AddNeedAsync(Need need, IntegrationEvent matched, CancellationToken cancellationToken) =>
        MongoDocuments.WriteWithEventAsync(database, async session =>
        {
            await Needs.InsertOneAsync(session, new BsonDocument { ["_id"] = need.NeedId, ["uscc"] = need.Uscc, ["doc"] = MongoDocuments.ToBson(need) }, cancellationToken: cancellationToken);
            return true;
        }, matched, signal, cancellationToken);

    public async Task<Need?> FindNeedAsync(string needId, CancellationToken cancellationToken) =>
        (await MongoDocuments.FindAsync<Need>(Needs, Filter.Eq("_id", needId), 1, cancellationToken)).FirstOrDefault();

    public async Task<Application?> TryAddApplicationAsync(Application application, IntegrationEvent submitted, CancellationToken cancellationToken)
    {
        try
        {
            await MongoDocuments.WriteWithEventAsync(database, async session =>
            {
                await Applications.InsertOneAsync(session, ToDocument(application), cancellationToken: cancellationToken);
                return true;
            }, submitted, signal, cancellationToken);
            return null;
        }
        catch (Exception ex) when (MongoDocuments.IsDuplicateKey(ex))
        {
            var filter = Filter.Eq("needId", application.NeedId) & Filter.Eq("productId", application.Product.ProductId);
            return (await MongoDocuments.FindAsync<Application>(Applications, filter, 1, cancellationToken)).Single();
        }
    }

    public async Task<Application?> FindApplicationAsync(string applicationId, CancellationToken cancellationToken) =>
        (await MongoDocuments.FindAsync<Application>(Applications, Filter.Eq("_id", applicationId), 1, cancellationToken)).FirstOrDefault();

    public Task<bool> TryUpdateApplicationAsync(Application application, long expectedVersion, IntegrationEvent changed, CancellationToken cancellationToken) =>
        MongoDocuments.WriteWithEventAsync(database, async session =>
        {
            var result = await Applications.ReplaceOneAsync(session,
                Filter.Eq("_id", application.ApplicationId) & Filter.Eq("version", expectedVersion),
                ToDocument(application), cancellationToken: cancellationToken);
            return result.MatchedCount == 1;
        }, changed, signal, cancellationToken);

    public async Task<Page<Application>> ListApplicationsAsync(ApplicationQuery query, int pageSize, string? afterApplicationId, CancellationToken cancellationToken)
    {
        var filter = Filter.Gt("_id", afterApplicationId ?? string.Empty);
        if (query.BankId is { } bankId)
        {
            filter &= Filter.Eq("bankId", bankId);
        }

        if (query.Uscc is { } uscc)
        {
            filter &= Filter.Eq("uscc", uscc);
        }

        if (query.RegionPrefix is { } prefix)
        {
            // A prefix is a range: from "1309" up to (not including) "1309:" (':' follows '9').
            filter &= RegionRanges.Within("regionCode", prefix, Filter);
        }

        if (query.Status is { } status)
        {
            filter &= Filter.Eq("status", status.Wire());
        }

        var items = await MongoDocuments.FindAsync<Application>(Applications, filter, pageSize + 1, cancellationToken);
        return Page.Of(items, pageSize, a => a.ApplicationId);
    }

    public async Task<IReadOnlyList<Application>> OverdueAsync(DateOnly today, int limit, CancellationToken cancellationToken)
    {
        var filter = Filter.Eq("status", ApplicationStatus.Submitted.Wire()) & Filter.Lt("decideBy", Day(today));
        var documents = await Applications.Find(filter)
            .Sort(Builders<BsonDocument>.Sort.Ascending("decideBy").Ascending("_id")).Limit(limit).ToListAsync(cancellationToken);
        return documents.Select(d => MongoDocuments.FromBson<Application>(d["doc"].AsBsonDocument)).ToList();
    }

    public async Task<IReadOnlyList<CalendarYear>> CalendarYearsAsync(CancellationToken cancellationToken) =>
        await MongoDocuments.FindAsync<CalendarYear>(Calendar, Filter.Empty, int.MaxValue, cancellationToken);

    public Task PutCalendarYearAsync(CalendarYear year, IntegrationEvent audit, CancellationToken cancellationToken) =>
        MongoDocuments.WriteWithEventAsync(database, async session =>
        {
            await Calendar.ReplaceOneAsync(
                session,
                Filter.Eq("_id", year.Year),
                new BsonDocument { ["_id"] = year.Year, ["doc"] = MongoDocuments.ToBson(year) },
                new ReplaceOptions { IsUpsert = true },
                cancellationToken);
            return true;
        }, audit, signal, cancellationToken);

    private static BsonDocument ToDocument(Application a) => new()
    {
        ["_id"] = a.ApplicationId,
        ["needId"] = a.NeedId,
        ["productId"] = a.Product.ProductId,
        ["bankId"] = a.BankId,
        ["uscc"] = a.Uscc,
        ["regionCode"] = a.RegionCode,
        ["status"] = a.Status.Wire(),
        ["decideBy"] = Day(a.DecideBy),
        ["version"] = a.Version,
        ["doc"] = MongoDocuments.ToBson(a),
    };

}
