using FinanceMarket.Loans.Model;
using FinanceMarket.ServiceDefaults.Events;
using FinanceMarket.ServiceDefaults.Storage;
using MongoDB.Bson;
using MongoDB.Driver;

namespace FinanceMarket.Loans.Infrastructure;

// A loan is one document, _id its id, with the fields the lists and the daily check read beside "doc" (the
// same columns as the SQLite adapter). A write replaces the document only at the version it read, inside one
// transaction with the outbox.
internal sealed class MongoLoanStore(IMongoDatabase database, OutboxSignal signal) : ILoanStore, IMongoStore
{
    private static readonly FilterDefinitionBuilder<BsonDocument> Filter = Builders<BsonDocument>.Filter;
    private static readonly SortDefinitionBuilder<BsonDocument> Sort = Builders<BsonDocument>.Sort;

    private IMongoCollection<BsonDocument> Loans => database.GetCollection<BsonDocument>("loans");

    public async Task CreateIndexesAsync(CancellationToken cancellationToken)
    {
        await MongoDocuments.EnsureCollectionsAsync(database, ["loans"], cancellationToken);
        await MongoOutbox.CreateIndexesAsync(database, cancellationToken);
        var keys = Builders<BsonDocument>.IndexKeys;
        await Loans.Indexes.CreateManyAsync(
            [
                new CreateIndexModel<BsonDocument>(keys.Ascending("uscc").Descending("listKey")),
                new CreateIndexModel<BsonDocument>(keys.Ascending("bankId").Descending("listKey")),
                new CreateIndexModel<BsonDocument>(keys.Ascending("region").Descending("listKey")),
                new CreateIndexModel<BsonDocument>(keys.Ascending("applicationId")),
                new CreateIndexModel<BsonDocument>(keys.Ascending("nextDueOn"),
                    new CreateIndexOptions<BsonDocument> { PartialFilterExpression = Filter.Type("nextDueOn", BsonType.String) }),
            ],
            cancellationToken);
    }

    public async Task<bool> OpenAsync(Loan loan, CancellationToken cancellationToken)
    {
        try
        {
            await Loans.InsertOneAsync(Document(loan), cancellationToken: cancellationToken);
            return true;
        }
        catch (Exception ex) when (MongoDocuments.IsDuplicateKey(ex))
        {
            return false;
        }
    }

    public async Task<Loan?> FindAsync(string loanId, CancellationToken cancellationToken) =>
        (await MongoDocuments.FindAsync<Loan>(Loans, Filter.Eq("_id", loanId), 1, cancellationToken)).FirstOrDefault();

    public async Task<bool> SaveAsync(IReadOnlyList<LoanWrite> loans, IReadOnlyList<IntegrationEvent> events, CancellationToken cancellationToken)
    {
        try
        {
            return await MongoDocuments.WriteWithEventsAsync(database, async session =>
            {
                foreach (var (loan, expected) in loans)
                {
                    if (expected is { } version)
                    {
                        var replaced = await Loans.ReplaceOneAsync(session, Filter.Eq("_id", loan.LoanId) & Filter.Eq("version", version), Document(loan),
                            cancellationToken: cancellationToken);
                        if (replaced.MatchedCount == 0)
                        {
                            // Refused inside the transaction: nothing of it is committed.
                            throw new StaleLoan();
                        }
                    }
                    else
                    {
                        await Loans.InsertOneAsync(session, Document(loan), cancellationToken: cancellationToken);
                    }
                }

                return true;
            }, events, signal, cancellationToken);
        }
        catch (Exception ex) when (ex is StaleLoan || MongoDocuments.IsDuplicateKey(ex))
        {
            return false;
        }
    }

    public async Task<IReadOnlyList<Loan>> OfEnterpriseAsync(string uscc, CancellationToken cancellationToken) =>
        await Documents(Loans.Find(Filter.Eq("uscc", uscc)).Sort(Sort.Ascending("listKey")), cancellationToken);

    public async Task<IReadOnlyList<Loan>> OfApplicationAsync(string applicationId, CancellationToken cancellationToken) =>
        await Documents(Loans.Find(Filter.Eq("applicationId", applicationId)).Sort(Sort.Ascending("listKey")), cancellationToken);

    public async Task<Page<Loan>> ListAsync(LoanQuery query, int pageSize, string? after, CancellationToken cancellationToken)
    {
        var filter = query switch
        {
            { Uscc: { } uscc } => Filter.Eq("uscc", uscc),
            { BankId: { } bank } => Filter.Eq("bankId", bank),
            _ => RegionRanges.Within("region", query.RegionPrefix ?? string.Empty, Filter),
        };
        if (query.Status is { } status)
        {
            filter &= Filter.Eq("status", status.Wire());
        }

        if (after is not null)
        {
            filter &= Filter.Lt("listKey", after);
        }

        var items = await Documents(Loans.Find(filter).Sort(Sort.Descending("listKey")).Limit(pageSize + 1), cancellationToken);
        return Page.Of(items, pageSize, LoanKeys.List);
    }

    public async Task<IReadOnlyList<Loan>> PastDueAsync(DateOnly day, int max, CancellationToken cancellationToken) =>
        await Documents(Loans.Find(Filter.Lt("nextDueOn", Dates.Day(day))).Sort(Sort.Ascending("nextDueOn")).Limit(max), cancellationToken);

    private static async Task<List<Loan>> Documents(IFindFluent<BsonDocument, BsonDocument> find, CancellationToken cancellationToken) =>
        (await find.ToListAsync(cancellationToken)).Select(d => MongoDocuments.FromBson<Loan>(d["doc"].AsBsonDocument)).ToList();

    private static BsonDocument Document(Loan loan)
    {
        var document = new BsonDocument
        {
            ["_id"] = loan.LoanId, ["applicationId"] = loan.Terms.ApplicationId, ["uscc"] = loan.Terms.Uscc, ["bankId"] = loan.Terms.BankId,
            ["region"] = loan.Terms.RegionCode, ["status"] = loan.Status.Wire(), ["version"] = loan.Version, ["listKey"] = LoanKeys.List(loan),
            ["doc"] = MongoDocuments.ToBson(loan),
        };
        if (LedgerRules.NextUnpaidDueOn(loan) is { } due)
        {
            document["nextDueOn"] = Dates.Day(due);
        }

        return document;
    }

    private sealed class StaleLoan : Exception;
}
