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

    private IMongoCollection<BsonDocument> Broadcasts => database.GetCollection<BsonDocument>("broadcasts");

    private IMongoCollection<BsonDocument> Opportunities => database.GetCollection<BsonDocument>("opportunities");

    private IMongoCollection<BsonDocument> Promises => database.GetCollection<BsonDocument>("service_promises");

    private IMongoCollection<BsonDocument> Steps => database.GetCollection<BsonDocument>("service_steps");

    public async Task CreateIndexesAsync(CancellationToken cancellationToken)
    {
        await MongoDocuments.EnsureCollectionsAsync(
            database, ["needs", "applications", "calendar_years", "broadcasts", "opportunities", "service_promises", "service_steps"], cancellationToken);
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
        await Opportunities.Indexes.CreateManyAsync(
            [
                new CreateIndexModel<BsonDocument>(keys.Ascending("bankId").Ascending("open").Descending("broadcastAt").Descending("needId")),
                new CreateIndexModel<BsonDocument>(keys.Ascending("bankId").Ascending("open").Ascending("takeBy").Ascending("needId")),
                new CreateIndexModel<BsonDocument>(keys.Ascending("needId")),
            ],
            cancellationToken);
        await Steps.Indexes.CreateManyAsync(
            [
                new CreateIndexModel<BsonDocument>(keys.Ascending("needId")),
                new CreateIndexModel<BsonDocument>(keys.Ascending("status").Ascending("dueOn")),
                new CreateIndexModel<BsonDocument>(keys.Ascending("raised").Ascending("regionCode").Ascending("dueOn").Ascending("_id")),
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

    public async Task<Application?> FindApplicationAsync(string applicationId, CancellationToken cancellationToken) =>
        (await MongoDocuments.FindAsync<Application>(Applications, Filter.Eq("_id", applicationId), 1, cancellationToken)).FirstOrDefault();

    public async Task<Application?> FindApplicationForAsync(string needId, string productId, CancellationToken cancellationToken) =>
        (await MongoDocuments.FindAsync<Application>(Applications, Filter.Eq("needId", needId) & Filter.Eq("productId", productId), 1, cancellationToken))
            .FirstOrDefault();

    // A refused part throws inside the transaction (so nothing of it commits) and answers false outside.
    public async Task<bool> TryWriteAsync(MarketWrite write, CancellationToken cancellationToken)
    {
        try
        {
            return await MongoDocuments.WriteWithEventsAsync(database, async session =>
            {
                if (write.Broadcast is { } broadcast)
                {
                    await SaveAsync(session, Broadcasts, broadcast.Document.NeedId, broadcast.ExpectedVersion, new BsonDocument
                    {
                        ["_id"] = broadcast.Document.NeedId,
                        ["version"] = broadcast.Document.Version,
                        ["doc"] = MongoDocuments.ToBson(broadcast.Document),
                    }, cancellationToken);
                }

                if (write.Application is { } application)
                {
                    await SaveAsync(session, Applications, application.Document.ApplicationId, application.ExpectedVersion, ToDocument(application.Document), cancellationToken);
                }

                foreach (var step in write.Steps)
                {
                    var d = step.Document;
                    await SaveAsync(session, Steps, d.StepId, step.ExpectedVersion, new BsonDocument
                    {
                        ["_id"] = d.StepId,
                        ["needId"] = d.NeedId,
                        ["bankId"] = d.BankId ?? string.Empty,
                        ["regionCode"] = d.RegionCode,
                        ["status"] = d.Status.Wire(),
                        ["dueOn"] = Day(d.DueOn),
                        ["endsOn"] = d.EndsOn is { } ends ? Day(ends) : BsonNull.Value,
                        ["raised"] = d.RaisedOn is not null,
                        ["version"] = d.Version,
                        ["doc"] = MongoDocuments.ToBson(d),
                    }, cancellationToken);
                }

                foreach (var change in write.Switches)
                {
                    var which = Filter.Eq("needId", change.NeedId);
                    if (change.BankId is { } bank)
                    {
                        which &= Filter.Eq("bankId", bank);
                    }

                    await Opportunities.UpdateManyAsync(session, which, Builders<BsonDocument>.Update.Set("open", change.Open), cancellationToken: cancellationToken);
                }

                foreach (var o in write.Opportunities)
                {
                    var id = o.NeedId + "|" + o.BankId;
                    await Opportunities.ReplaceOneAsync(session, Filter.Eq("_id", id), new BsonDocument
                    {
                        ["_id"] = id,
                        ["needId"] = o.NeedId,
                        ["bankId"] = o.BankId,
                        ["open"] = true,
                        ["broadcastAt"] = OpportunityKey.At(o.BroadcastAt),
                        ["takeBy"] = Day(o.TakeBy),
                        ["openUntil"] = Day(o.OpenUntil),
                        ["doc"] = MongoDocuments.ToBson(o),
                    }, new ReplaceOptions { IsUpsert = true }, cancellationToken);
                }

                return true;
            }, write.Events, signal, cancellationToken);
        }
        catch (Exception ex) when (ex is WriteRefused || MongoDocuments.IsDuplicateKey(ex))
        {
            return false;
        }
    }

    public async Task<Broadcast?> FindBroadcastAsync(string needId, CancellationToken cancellationToken) =>
        (await MongoDocuments.FindAsync<Broadcast>(Broadcasts, Filter.Eq("_id", needId), 1, cancellationToken)).FirstOrDefault();

    public async Task<Page<Opportunity>> ListOpportunitiesAsync(string bankId, DateOnly today, bool byDeadline, int pageSize, string? after, CancellationToken cancellationToken)
    {
        var filter = Filter.Eq("bankId", bankId) & Filter.Eq("open", true) & Filter.Gte("openUntil", Day(today));
        var field = byDeadline ? "takeBy" : "broadcastAt";
        if (OpportunityKey.Parse(after) is var (sort, need))
        {
            filter &= byDeadline
                ? Filter.Gt(field, sort) | (Filter.Eq(field, sort) & Filter.Gt("needId", need))
                : Filter.Lt(field, sort) | (Filter.Eq(field, sort) & Filter.Lt("needId", need));
        }

        var order = Builders<BsonDocument>.Sort;
        var documents = await Opportunities.Find(filter)
            .Sort(byDeadline ? order.Ascending(field).Ascending("needId") : order.Descending(field).Descending("needId"))
            .Limit(pageSize + 1).ToListAsync(cancellationToken);
        return Page.Of([.. documents.Select(d => MongoDocuments.FromBson<Opportunity>(d["doc"].AsBsonDocument))], pageSize, o => OpportunityKey.Of(o, byDeadline));
    }

    public async Task<IReadOnlyList<ServicePromise>> ServicePromisesAsync(CancellationToken cancellationToken) =>
        await MongoDocuments.FindAsync<ServicePromise>(Promises, Filter.Empty, int.MaxValue, cancellationToken);

    public Task PutServicePromiseAsync(ServicePromise promise, IntegrationEvent audit, CancellationToken cancellationToken) =>
        UpsertAsync(Promises, promise.RegionCode, promise, audit, cancellationToken);

    public async Task<IReadOnlyList<ServiceStep>> StepsOfNeedAsync(string needId, CancellationToken cancellationToken) =>
        await MongoDocuments.FindAsync<ServiceStep>(Steps, Filter.Eq("needId", needId), int.MaxValue, cancellationToken);

    public async Task<ServiceStep?> FindStepAsync(string stepId, CancellationToken cancellationToken) =>
        (await MongoDocuments.FindAsync<ServiceStep>(Steps, Filter.Eq("_id", stepId), 1, cancellationToken)).FirstOrDefault();

    public async Task<IReadOnlyList<ServiceStep>> StepsToSweepAsync(DateOnly today, int limit, CancellationToken cancellationToken)
    {
        var filter = (Filter.Eq("status", StepStatus.Pending.Wire()) & Filter.Lt("dueOn", Day(today)))
            | (Filter.Eq("status", StepStatus.Overdue.Wire()) & Filter.Lt("endsOn", Day(today)) & Filter.Ne("endsOn", BsonNull.Value));
        return await EarliestDueAsync(filter, limit, cancellationToken);
    }

    // A step stored before reminders existed has no remindedOn in its doc; equality with null matches it too.
    public async Task<IReadOnlyList<ServiceStep>> StepsToRemindAsync(DateOnly soon, int limit, CancellationToken cancellationToken)
    {
        var filter = Filter.Eq("status", StepStatus.Pending.Wire()) & Filter.Lte("dueOn", Day(soon)) & Filter.Ne("bankId", string.Empty)
            & Filter.Eq("doc.remindedOn", BsonNull.Value);
        return await EarliestDueAsync(filter, limit, cancellationToken);
    }

    public async Task<Page<ServiceStep>> ListRaisedStepsAsync(StepQuery query, int pageSize, string? after, CancellationToken cancellationToken)
    {
        var filter = RaisedFilter(query);
        if (StepKey.Parse(after) is var (due, id))
        {
            filter &= Filter.Gt("dueOn", due) | (Filter.Eq("dueOn", due) & Filter.Gt("_id", id));
        }

        return Page.Of(await EarliestDueAsync(filter, pageSize + 1, cancellationToken), pageSize, StepKey.Of);
    }

    // In the order of StepKey: the sweep's batches and the supervision list's pages.
    private async Task<List<ServiceStep>> EarliestDueAsync(FilterDefinition<BsonDocument> filter, int limit, CancellationToken cancellationToken)
    {
        var documents = await Steps.Find(filter).Sort(Builders<BsonDocument>.Sort.Ascending("dueOn").Ascending("_id")).Limit(limit).ToListAsync(cancellationToken);
        return [.. documents.Select(d => MongoDocuments.FromBson<ServiceStep>(d["doc"].AsBsonDocument))];
    }

    public async Task<IReadOnlyList<BankStepCount>> CountRaisedStepsAsync(StepQuery query, CancellationToken cancellationToken)
    {
        var overdue = StepStatus.Overdue.Wire();
        var groups = await Steps.Aggregate()
            .Match(RaisedFilter(query))
            .Group(new BsonDocument
            {
                ["_id"] = "$bankId",
                ["overdue"] = new BsonDocument("$sum", new BsonDocument("$cond", new BsonArray { new BsonDocument("$eq", new BsonArray { "$status", overdue }), 1, 0 })),
                ["raised"] = new BsonDocument("$sum", 1),
                ["oldest"] = new BsonDocument("$min", "$dueOn"),
            })
            .ToListAsync(cancellationToken);
        return [.. groups.Select(g => new BankStepCount(g["_id"].AsString, g["overdue"].ToInt32(), g["raised"].ToInt32(),
            DateOnly.ParseExact(g["oldest"].AsString, "yyyy-MM-dd", CultureInfo.InvariantCulture)))];
    }

    private static FilterDefinition<BsonDocument> RaisedFilter(StepQuery query)
    {
        var filter = Filter.Eq("raised", true) & RegionRanges.Within("regionCode", query.RegionPrefix, Filter);
        if (query.BankId is { } bank)
        {
            filter &= Filter.Eq("bankId", bank);
        }

        if (query.Status is { } status)
        {
            filter &= Filter.Eq("status", status.Wire());
        }

        return filter;
    }

    // Inserted when expected is 0 (a duplicate key refuses it), else replaced only from the version expected.
    private static async Task SaveAsync(
        IClientSessionHandle session, IMongoCollection<BsonDocument> collection, string id, long expected, BsonDocument document, CancellationToken cancellationToken)
    {
        if (expected == 0)
        {
            await collection.InsertOneAsync(session, document, cancellationToken: cancellationToken);
            return;
        }

        var result = await collection.ReplaceOneAsync(session, Filter.Eq("_id", id) & Filter.Eq("version", expected), document, cancellationToken: cancellationToken);
        if (result.MatchedCount != 1)
        {
            throw new WriteRefused();
        }
    }

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
        UpsertAsync(Calendar, year.Year, year, audit, cancellationToken);

    // Reference data kept whole under its key (a year, a region), saved with the audit entry of who set it.
    private Task<bool> UpsertAsync<T>(IMongoCollection<BsonDocument> collection, BsonValue key, T document, IntegrationEvent audit, CancellationToken cancellationToken) =>
        MongoDocuments.WriteWithEventAsync(database, async session =>
        {
            await collection.ReplaceOneAsync(session, Filter.Eq("_id", key), new BsonDocument { ["_id"] = key, ["doc"] = MongoDocuments.ToBson(document) },
                new ReplaceOptions { IsUpsert = true }, cancellationToken);
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

    private sealed class WriteRefused : Exception;
}
