using static FinanceMarket.Domain.Dates;
using System.Globalization;
using FinanceMarket.ServiceDefaults.Events;
using FinanceMarket.ServiceDefaults.Storage;
using FinanceMarket.Subsidies.Model;
using MongoDB.Bson;
using MongoDB.Driver;

namespace FinanceMarket.Subsidies.Infrastructure;

// A reservation is one multi-document transaction. Snapshot isolation alone would let two claims that
// read the same budget both commit (write skew), so every reservation also writes the programme document
// (its figures and version) and a per-deal marker: two transactions touching the same document conflict,
// and the driver retries the loser (WithTransaction) on the state the winner left.
internal sealed class MongoSubsidyStore(IMongoDatabase database, OutboxSignal signal) : ISubsidyStore, IMongoStore
{
    private static readonly FilterDefinitionBuilder<BsonDocument> Filter = Builders<BsonDocument>.Filter;

    private IMongoCollection<BsonDocument> Lpr => database.GetCollection<BsonDocument>("lpr");

    private IMongoCollection<BsonDocument> Programs => database.GetCollection<BsonDocument>("programs");

    private IMongoCollection<BsonDocument> Claims => database.GetCollection<BsonDocument>("claims");

    private IMongoCollection<BsonDocument> Deals => database.GetCollection<BsonDocument>("claim_deals");

    public async Task CreateIndexesAsync(CancellationToken cancellationToken)
    {
        await MongoDocuments.EnsureCollectionsAsync(database, ["lpr", "programs", "claims", "claim_deals"], cancellationToken);
        await MongoAuditLog.CreateIndexesAsync(database, cancellationToken);
        var keys = Builders<BsonDocument>.IndexKeys;
        await Programs.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(keys.Ascending("regionCode")), cancellationToken: cancellationToken);
        await Claims.Indexes.CreateManyAsync(
            [
                new CreateIndexModel<BsonDocument>(keys.Ascending("applicationId")),
                new CreateIndexModel<BsonDocument>(keys.Ascending("programId").Ascending("uscc")),
                new CreateIndexModel<BsonDocument>(keys.Ascending("regionCode").Ascending("_id")),
                new CreateIndexModel<BsonDocument>(keys.Ascending("uscc").Ascending("_id")),
                new CreateIndexModel<BsonDocument>(keys.Ascending("bankId").Ascending("_id")),
            ],
            cancellationToken);
    }

    public async Task<bool> TryRecordLprAsync(LprQuote quote, IntegrationEvent audit, CancellationToken cancellationToken)
    {
        try
        {
            return await MongoDocuments.WriteWithEventAsync(database, async session =>
            {
                await Lpr.InsertOneAsync(session, new BsonDocument { ["_id"] = Day(quote.EffectiveOn), ["doc"] = MongoDocuments.ToBson(quote) }, cancellationToken: cancellationToken);
                return true;
            }, audit, signal, cancellationToken);
        }
        catch (Exception ex) when (MongoDocuments.IsDuplicateKey(ex))
        {
            return false;
        }
    }

    public Task<bool> TryCorrectLprAsync(LprQuote corrected, int expectedCorrections, IntegrationEvent audit, CancellationToken cancellationToken) =>
        MongoDocuments.WriteWithEventAsync(database, async session =>
        {
            // The corrections recorded so far are the document's version; one written before corrections
            // existed has none.
            var unchanged = expectedCorrections == 0
                ? Filter.Or(Filter.Exists("doc.corrections", false), Filter.Eq("doc.corrections", BsonNull.Value), Filter.Size("doc.corrections", 0))
                : Filter.Size("doc.corrections", expectedCorrections);
            var result = await Lpr.ReplaceOneAsync(
                session,
                Filter.And(Filter.Eq("_id", Day(corrected.EffectiveOn)), unchanged),
                new BsonDocument { ["_id"] = Day(corrected.EffectiveOn), ["doc"] = MongoDocuments.ToBson(corrected) },
                cancellationToken: cancellationToken);
            return result.ModifiedCount == 1;
        }, audit, signal, cancellationToken);

    public async Task<LprQuote?> LprOnAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var document = await Lpr.Find(Filter.Lte("_id", Day(day))).Sort(Builders<BsonDocument>.Sort.Descending("_id")).FirstOrDefaultAsync(cancellationToken);
        return document is null ? null : MongoDocuments.FromBson<LprQuote>(document["doc"].AsBsonDocument);
    }

    public Task AddProgramAsync(SubsidyProgram program, IntegrationEvent audit, CancellationToken cancellationToken) =>
        MongoDocuments.WriteWithEventAsync(database, async session =>
        {
            await Programs.InsertOneAsync(session, ToDocument(program), cancellationToken: cancellationToken);
            return true;
        }, audit, signal, cancellationToken);

    public async Task<SubsidyProgram?> FindProgramAsync(string programId, CancellationToken cancellationToken) =>
        (await MongoDocuments.FindAsync<SubsidyProgram>(Programs, Filter.Eq("_id", programId), 1, cancellationToken)).FirstOrDefault();

    public async Task<Page<SubsidyProgram>> ListProgramsAsync(string? regionCode, int pageSize, string? afterProgramId, CancellationToken cancellationToken)
    {
        var filter = Filter.Gt("_id", afterProgramId ?? string.Empty);
        if (regionCode is not null)
        {
            filter &= Filter.In("regionCode", RegionCode.Hierarchy(regionCode))
                | RegionRanges.Within("regionCode", regionCode, Filter);
        }

        var items = await MongoDocuments.FindAsync<SubsidyProgram>(Programs, filter, pageSize + 1, cancellationToken);
        return Page.Of(items, pageSize, p => p.ProgramId);
    }

    public Task<Claim> ReserveAsync(string programId, string applicationId, string uscc, Func<ReservationView, Claim> decide, CancellationToken cancellationToken) =>
        MongoDocuments.InTransactionAsync(database, async session =>
        {
            var view = await ReadViewAsync(session, programId, applicationId, uscc, cancellationToken);
            var claim = decide(view);
            var program = view.Program;

            await Deals.UpdateOneAsync(session, Filter.Eq("_id", applicationId), Builders<BsonDocument>.Update.Inc("claims", 1),
                new UpdateOptions { IsUpsert = true }, cancellationToken);
            await Claims.InsertOneAsync(session, ToDocument(claim), cancellationToken: cancellationToken);
            await SaveProgramAsync(session, program,
                program with { ReservedFen = program.ReservedFen + claim.AmountFen, Version = program.Version + 1, ClaimsMade = program.ClaimsMade + 1 }, cancellationToken);
            return claim;
        }, cancellationToken);

    // Read in a transaction that writes nothing, for the snapshot: the figures and claims of one moment.
    public Task<ReservationView> ViewAsync(string programId, string applicationId, string uscc, CancellationToken cancellationToken) =>
        MongoDocuments.InTransactionAsync(database, session => ReadViewAsync(session, programId, applicationId, uscc, cancellationToken), cancellationToken);

    public async Task<Claim?> FindClaimAsync(string claimId, CancellationToken cancellationToken) =>
        (await MongoDocuments.FindAsync<Claim>(Claims, Filter.Eq("_id", claimId), 1, cancellationToken)).FirstOrDefault();

    public async Task<Page<Claim>> ListClaimsAsync(ClaimQuery query, int pageSize, string? afterClaimId, CancellationToken cancellationToken)
    {
        var filter = Filter.Gt("_id", afterClaimId ?? string.Empty);
        filter = And(filter, "uscc", query.Uscc);
        filter = And(filter, "bankId", query.BankId);
        filter = And(filter, "status", query.Status?.Wire());
        filter = And(filter, "programId", query.ProgramId);
        if (query.RegionPrefix is { } prefix)
        {
            filter &= RegionRanges.Within("regionCode", prefix, Filter);
        }

        var items = await MongoDocuments.FindAsync<Claim>(Claims, filter, pageSize + 1, cancellationToken);
        return Page.Of(items, pageSize, c => c.ClaimId);
    }

    public Task<bool> TryMoveAsync(ClaimTransitions.Move move, long expectedVersion, IntegrationEvent audit, CancellationToken cancellationToken) =>
        MongoDocuments.WriteWithEventsAsync(database, async session =>
        {
            var claim = move.Claim;
            var result = await Claims.ReplaceOneAsync(session, Filter.Eq("_id", claim.ClaimId) & Filter.Eq("version", expectedVersion), ToDocument(claim), cancellationToken: cancellationToken);
            if (result.MatchedCount != 1)
            {
                return false;
            }

            if (move.ReservedDelta != 0 || move.PaidDelta != 0)
            {
                var found = await Programs.Find(session, Filter.Eq("_id", claim.ProgramId)).FirstAsync(cancellationToken);
                var program = MongoDocuments.FromBson<SubsidyProgram>(found["doc"].AsBsonDocument);
                await SaveProgramAsync(session, program,
                    program with { ReservedFen = program.ReservedFen + move.ReservedDelta, PaidFen = program.PaidFen + move.PaidDelta, Version = program.Version + 1 },
                    cancellationToken);
            }

            return true;
        }, move.Announced is null ? [audit] : [move.Announced, audit], signal, cancellationToken);

    public Task<bool> TryReviseProgramAsync(SubsidyProgram revised, long expectedVersion, IntegrationEvent audit, CancellationToken cancellationToken) =>
        MongoDocuments.WriteWithEventAsync(database, async session =>
        {
            var result = await Programs.ReplaceOneAsync(
                session, Filter.Eq("_id", revised.ProgramId) & Filter.Eq("version", expectedVersion), ToDocument(revised), cancellationToken: cancellationToken);
            return result.ModifiedCount == 1;
        }, audit, signal, cancellationToken);

    private async Task SaveProgramAsync(IClientSessionHandle session, SubsidyProgram read, SubsidyProgram changed, CancellationToken cancellationToken)
    {
        var result = await Programs.ReplaceOneAsync(session, Filter.Eq("_id", read.ProgramId) & Filter.Eq("version", read.Version), ToDocument(changed), cancellationToken: cancellationToken);
        if (result.MatchedCount != 1)
        {
            // Inside a transaction a concurrent change surfaces as a write conflict (retried by the driver), not here.
            throw new InvalidOperationException($"Programme {read.ProgramId} changed under a transaction that read version {read.Version}.");
        }
    }

    private async Task<ReservationView> ReadViewAsync(IClientSessionHandle session, string programId, string applicationId, string uscc, CancellationToken cancellationToken)
    {
        var program = (await Programs.Find(session, Filter.Eq("_id", programId)).FirstOrDefaultAsync(cancellationToken)) is { } found
            ? MongoDocuments.FromBson<SubsidyProgram>(found["doc"].AsBsonDocument)
            : throw new NotFoundException($"Subsidy programme {programId} does not exist.");
        var dealClaims = await FindAsync(session, Filter.Eq("applicationId", applicationId), cancellationToken);
        var borrowerClaims = await FindAsync(session,
            Filter.Eq("programId", programId) & Filter.Eq("uscc", uscc) & Filter.Ne("status", ClaimStatus.Rejected.Wire()), cancellationToken);
        return new ReservationView(program, dealClaims, borrowerClaims
            .GroupBy(c => c.ApplicationId).ToDictionary(g => g.Key, g => g.OrderBy(c => c.ClaimId, StringComparer.Ordinal).First().PrincipalFen));
    }

    private async Task<List<Claim>> FindAsync(IClientSessionHandle session, FilterDefinition<BsonDocument> filter, CancellationToken cancellationToken)
    {
        var documents = await Claims.Find(session, filter).ToListAsync(cancellationToken);
        return documents.Select(d => MongoDocuments.FromBson<Claim>(d["doc"].AsBsonDocument)).ToList();
    }

    private static FilterDefinition<BsonDocument> And(FilterDefinition<BsonDocument> filter, string field, string? value) =>
        value is null ? filter : filter & Filter.Eq(field, value);

    private static BsonDocument ToDocument(SubsidyProgram p) => new()
    {
        ["_id"] = p.ProgramId,
        ["regionCode"] = p.RegionCode,
        ["version"] = p.Version,
        ["doc"] = MongoDocuments.ToBson(p),
    };

    private static BsonDocument ToDocument(Claim c) => new()
    {
        ["_id"] = c.ClaimId,
        ["programId"] = c.ProgramId,
        ["applicationId"] = c.ApplicationId,
        ["uscc"] = c.Uscc,
        ["bankId"] = c.BankId,
        ["regionCode"] = c.RegionCode,
        ["status"] = c.Status.Wire(),
        ["version"] = c.Version,
        ["doc"] = MongoDocuments.ToBson(c),
    };

}
