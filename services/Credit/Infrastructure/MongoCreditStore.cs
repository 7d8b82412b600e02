using FinanceMarket.Credit.Model;
using FinanceMarket.ServiceDefaults.Events;
using FinanceMarket.ServiceDefaults.Storage;
using MongoDB.Bson;
using MongoDB.Driver;

namespace FinanceMarket.Credit.Infrastructure;

// The same keys as the SQLite adapter, as _id: a record is (enterprise|kind|key), a batch (provider|batch), a
// discrepancy (enterprise|field), so a later record replaces an earlier one by an upsert on _id. The fields
// the lists filter and sort on sit beside "doc".
internal sealed class MongoCreditStore(IMongoDatabase database, OutboxSignal signal) : ICreditStore, IMongoStore
{
    private static readonly FilterDefinitionBuilder<BsonDocument> Filter = Builders<BsonDocument>.Filter;
    private static readonly SortDefinitionBuilder<BsonDocument> Sort = Builders<BsonDocument>.Sort;

    // The kinds the verified values (and so the discrepancies) are read from.
    private static readonly string[] VerifiedKinds = [RecordKind.Tax.Wire(), RecordKind.SocialInsurance.Wire()];

    private IMongoCollection<BsonDocument> Records => database.GetCollection<BsonDocument>("credit_records");

    private IMongoCollection<BsonDocument> Batches => database.GetCollection<BsonDocument>("import_batches");

    private IMongoCollection<BsonDocument> Declared => database.GetCollection<BsonDocument>("declared");

    private IMongoCollection<BsonDocument> DiscrepancyRows => database.GetCollection<BsonDocument>("discrepancies");

    private IMongoCollection<BsonDocument> Consents => database.GetCollection<BsonDocument>("consents");

    private IMongoCollection<BsonDocument> Reads => database.GetCollection<BsonDocument>("profile_reads");

    private IMongoCollection<BsonDocument> BankNames => database.GetCollection<BsonDocument>("bank_names");

    public async Task CreateIndexesAsync(CancellationToken cancellationToken)
    {
        await MongoDocuments.EnsureCollectionsAsync(database,
            ["credit_records", "import_batches", "declared", "discrepancies", "consents", "profile_reads", "bank_names"], cancellationToken);
        var keys = Builders<BsonDocument>.IndexKeys;
        await Records.Indexes.CreateManyAsync(
            [
                new CreateIndexModel<BsonDocument>(keys.Ascending("uscc")),
                new CreateIndexModel<BsonDocument>(keys.Ascending("region").Ascending("_id"),
                    new CreateIndexOptions<BsonDocument> { PartialFilterExpression = Filter.Eq("flagged", true) }),
                new CreateIndexModel<BsonDocument>(keys.Ascending("provider").Ascending("_id"),
                    new CreateIndexOptions<BsonDocument> { PartialFilterExpression = Filter.Eq("flagged", true) }),
            ],
            cancellationToken);
        await Batches.Indexes.CreateManyAsync(
            [
                new CreateIndexModel<BsonDocument>(keys.Ascending("provider").Descending("listKey")),
                new CreateIndexModel<BsonDocument>(keys.Ascending("region").Descending("listKey")),
            ],
            cancellationToken);
        await DiscrepancyRows.Indexes.CreateManyAsync(
            [
                new CreateIndexModel<BsonDocument>(keys.Ascending("region").Ascending("sortKey")),
                new CreateIndexModel<BsonDocument>(keys.Ascending("uscc")),
            ],
            cancellationToken);
        await Consents.Indexes.CreateManyAsync(
            [
                new CreateIndexModel<BsonDocument>(keys.Ascending("uscc").Descending("_id")),
                new CreateIndexModel<BsonDocument>(keys.Ascending("uscc").Ascending("bankId").Descending("_id")),
                new CreateIndexModel<BsonDocument>(keys.Ascending("uscc").Ascending("bankId").Ascending("applicationId"),
                    new CreateIndexOptions<BsonDocument> { Unique = true, PartialFilterExpression = Filter.Type("applicationId", BsonType.String) }),
            ],
            cancellationToken);
        await Reads.Indexes.CreateOneAsync(new CreateIndexModel<BsonDocument>(keys.Ascending("uscc").Descending("_id")), cancellationToken: cancellationToken);
    }

    public async Task<(ImportResult Result, bool Repeated)> ImportAsync(
        ImportBatch batch, ImportPlan plan, Func<ImportResult, IReadOnlyList<IntegrationEvent>> events, CancellationToken cancellationToken)
    {
        (ImportResult Result, bool Repeated) outcome = await MongoDocuments.InTransactionAsync<(ImportResult, bool)>(database, async session =>
        {
            var earlier = await Batches.Find(session, Filter.Eq("_id", batch.ProviderId + "|" + batch.BatchId)).FirstOrDefaultAsync(cancellationToken);
            if (earlier is not null)
            {
                if (earlier["hash"].AsString != batch.Hash)
                {
                    throw new ConflictException($"Batch {batch.BatchId} was imported before with other records; a new batch needs a new id.");
                }

                return (MongoDocuments.FromBson<ImportResult>(earlier["doc"].AsBsonDocument), true);
            }

            var lookup = await LookupAsync(session, batch, plan, cancellationToken);
            var (kept, refused, flagged) = ImportRules.Complete(batch, plan, lookup);
            var replaced = 0;
            if (kept.Count > 0)
            {
                var written = await Records.BulkWriteAsync(session, kept.Select(r => new ReplaceOneModel<BsonDocument>(Filter.Eq("_id", RecordId(r)), RecordDocument(r)) { IsUpsert = true }),
                    new BulkWriteOptions { IsOrdered = false }, cancellationToken);
                replaced = (int)written.MatchedCount;
            }

            if (batch.Kind is RecordKind.Tax or RecordKind.SocialInsurance)
            {
                await RefreshDiscrepanciesAsync(session, [.. kept.Select(r => r.Uscc).Distinct().Select(lookup.DeclaredOf).OfType<DeclaredProfile>()], batch.At,
                    cancellationToken);
            }

            var result = new ImportResult(batch.BatchId, batch.Kind, batch.ProviderId, batch.ProviderRegion, batch.Records.Count, kept.Count, replaced,
                refused, flagged, batch.At);
            await Batches.InsertOneAsync(session, new BsonDocument
            {
                ["_id"] = batch.ProviderId + "|" + batch.BatchId, ["provider"] = batch.ProviderId, ["region"] = batch.ProviderRegion, ["hash"] = batch.Hash,
                ["listKey"] = CreditKeys.List(result), ["doc"] = MongoDocuments.ToBson(result),
            }, cancellationToken: cancellationToken);
            foreach (var integrationEvent in events(result))
            {
                await MongoOutbox.AppendAsync(database, session, integrationEvent, cancellationToken);
            }

            return (result, false);
        }, cancellationToken);
        if (!outcome.Repeated)
        {
            signal.Notify();
        }

        return outcome;
    }

    public async Task<Page<ImportResult>> ListImportsAsync(string? providerId, string? regionPrefix, int pageSize, string? after, CancellationToken cancellationToken)
    {
        var filter = providerId is null ? RegionRanges.Within("region", regionPrefix ?? string.Empty, Filter) : Filter.Eq("provider", providerId);
        if (after is not null)
        {
            filter &= Filter.Lt("listKey", after);
        }

        var documents = await Batches.Find(filter).Sort(Sort.Descending("listKey")).Limit(pageSize + 1).ToListAsync(cancellationToken);
        return Page.Of(documents.Select(d => MongoDocuments.FromBson<ImportResult>(d["doc"].AsBsonDocument)).ToList(), pageSize, CreditKeys.List);
    }

    public async Task<IReadOnlyList<StoredRecord>> RecordsOfAsync(string uscc, CancellationToken cancellationToken) =>
        await MongoDocuments.FindAsync<StoredRecord>(Records, Filter.Eq("uscc", uscc), int.MaxValue, cancellationToken);

    public async Task<Page<StoredRecord>> ListFlaggedAsync(string? providerId, string? regionPrefix, int pageSize, string? after, CancellationToken cancellationToken)
    {
        var filter = Filter.Eq("flagged", true) & (providerId is null ? RegionRanges.Within("region", regionPrefix ?? string.Empty, Filter) : Filter.Eq("provider", providerId));
        if (after is not null)
        {
            filter &= Filter.Gt("_id", after);
        }

        var items = await MongoDocuments.FindAsync<StoredRecord>(Records, filter, pageSize + 1, cancellationToken);
        return Page.Of(items, pageSize, CreditKeys.Record);
    }

    public async Task<DeclaredProfile?> DeclaredAsync(string uscc, CancellationToken cancellationToken)
    {
        var document = await Declared.Find(Filter.Eq("_id", uscc)).FirstOrDefaultAsync(cancellationToken);
        return document is null ? null : MongoDocuments.FromBson<DeclaredProfile>(document["doc"].AsBsonDocument);
    }

    public Task ApplyDeclaredAsync(DeclaredProfile declared, DateTimeOffset now, CancellationToken cancellationToken) =>
        MongoDocuments.InTransactionAsync(database, async session =>
        {
            var current = await Declared.Find(session, Filter.Eq("_id", declared.Uscc)).FirstOrDefaultAsync(cancellationToken);
            if (current is not null && current["correctionCount"].AsInt32 >= declared.CorrectionCount)
            {
                return false;
            }

            await Declared.ReplaceOneAsync(session, Filter.Eq("_id", declared.Uscc),
                new BsonDocument { ["_id"] = declared.Uscc, ["correctionCount"] = declared.CorrectionCount, ["doc"] = MongoDocuments.ToBson(declared) },
                new ReplaceOptions { IsUpsert = true }, cancellationToken);
            await RefreshDiscrepanciesAsync(session, [declared], now, cancellationToken);
            return true;
        }, cancellationToken);

    public async Task<Page<Discrepancy>> ListDiscrepanciesAsync(string regionPrefix, int pageSize, string? after, CancellationToken cancellationToken)
    {
        var filter = RegionRanges.Within("region", regionPrefix, Filter);
        if (after is not null)
        {
            filter &= Filter.Gt("sortKey", after);
        }

        var documents = await DiscrepancyRows.Find(filter).Sort(Sort.Ascending("sortKey")).Limit(pageSize + 1).ToListAsync(cancellationToken);
        return Page.Of(documents.Select(d => MongoDocuments.FromBson<Discrepancy>(d["doc"].AsBsonDocument)).ToList(), pageSize, CreditKeys.Discrepancy);
    }

    public async Task<Consent> AddConsentAsync(Consent consent, IntegrationEvent granted, CancellationToken cancellationToken)
    {
        try
        {
            await MongoDocuments.WriteWithEventAsync(database, async session =>
            {
                await Consents.InsertOneAsync(session, ConsentDocument(consent), cancellationToken: cancellationToken);
                return true;
            }, granted, signal, cancellationToken);
            return consent;
        }
        catch (Exception ex) when (MongoDocuments.IsDuplicateKey(ex))
        {
            // The application's consent was added before (its event delivered again): the first one stands.
            var filter = consent.ApplicationId is null
                ? Filter.Eq("_id", consent.ConsentId)
                : Filter.Eq("uscc", consent.Uscc) & Filter.Eq("bankId", consent.BankId) & Filter.Eq("applicationId", consent.ApplicationId);
            return (await MongoDocuments.FindAsync<Consent>(Consents, filter, 1, cancellationToken))[0];
        }
    }

    public async Task<Consent?> FindConsentAsync(string consentId, CancellationToken cancellationToken) =>
        (await MongoDocuments.FindAsync<Consent>(Consents, Filter.Eq("_id", consentId), 1, cancellationToken)).FirstOrDefault();

    public Task<bool> RevokeConsentAsync(Consent revoked, IntegrationEvent announced, CancellationToken cancellationToken) =>
        MongoDocuments.WriteWithEventAsync(database, async session =>
        {
            var result = await Consents.ReplaceOneAsync(session, Filter.Eq("_id", revoked.ConsentId) & Filter.Eq("doc.revokedAt", BsonNull.Value),
                ConsentDocument(revoked), cancellationToken: cancellationToken);
            return result.ModifiedCount == 1;
        }, announced, signal, cancellationToken);

    public async Task<Page<Consent>> ListConsentsAsync(string uscc, string? bankId, int pageSize, string? after, CancellationToken cancellationToken)
    {
        var filter = Filter.Eq("uscc", uscc);
        if (bankId is not null)
        {
            filter &= Filter.Eq("bankId", bankId);
        }

        if (after is not null)
        {
            filter &= Filter.Lt("_id", after);
        }

        var documents = await Consents.Find(filter).Sort(Sort.Descending("_id")).Limit(pageSize + 1).ToListAsync(cancellationToken);
        return Page.Of(documents.Select(d => MongoDocuments.FromBson<Consent>(d["doc"].AsBsonDocument)).ToList(), pageSize, c => c.ConsentId);
    }

    public async Task<IReadOnlyList<Consent>> ConsentsOfAsync(string uscc, string bankId, CancellationToken cancellationToken) =>
        await MongoDocuments.FindAsync<Consent>(Consents, Filter.Eq("uscc", uscc) & Filter.Eq("bankId", bankId), int.MaxValue, cancellationToken);

    public Task LogReadAsync(ProfileRead read, IntegrationEvent announced, CancellationToken cancellationToken) =>
        MongoDocuments.WriteWithEventAsync(database, async session =>
        {
            await Reads.InsertOneAsync(session, new BsonDocument { ["_id"] = read.ReadId, ["uscc"] = read.Uscc, ["doc"] = MongoDocuments.ToBson(read) },
                cancellationToken: cancellationToken);
            return true;
        }, announced, signal, cancellationToken);

    public async Task<Page<ProfileRead>> ListReadsAsync(string uscc, int pageSize, string? after, CancellationToken cancellationToken)
    {
        var filter = Filter.Eq("uscc", uscc);
        if (after is not null)
        {
            filter &= Filter.Lt("_id", after);
        }

        var documents = await Reads.Find(filter).Sort(Sort.Descending("_id")).Limit(pageSize + 1).ToListAsync(cancellationToken);
        return Page.Of(documents.Select(d => MongoDocuments.FromBson<ProfileRead>(d["doc"].AsBsonDocument)).ToList(), pageSize, r => r.ReadId);
    }

    public Task SetBankNameAsync(string bankId, string name, CancellationToken cancellationToken) =>
        BankNames.ReplaceOneAsync(Filter.Eq("_id", bankId), new BsonDocument { ["_id"] = bankId, ["name"] = name }, new ReplaceOptions { IsUpsert = true },
            cancellationToken);

    public async Task<string?> BankNameAsync(string bankId, CancellationToken cancellationToken)
    {
        var document = await BankNames.Find(Filter.Eq("_id", bankId)).FirstOrDefaultAsync(cancellationToken);
        return document?["name"].AsString;
    }

    private static string RecordId(StoredRecord r) => CreditKeys.Record(r);

    private static BsonDocument RecordDocument(StoredRecord r) => new()
    {
        ["_id"] = RecordId(r), ["uscc"] = r.Uscc, ["kind"] = r.Kind.Wire(), ["key"] = r.Key, ["region"] = r.RegionCode, ["provider"] = r.Source.ProviderId,
        ["flagged"] = r.Flagged, ["doc"] = MongoDocuments.ToBson(r),
    };

    private static BsonDocument ConsentDocument(Consent c)
    {
        var document = new BsonDocument { ["_id"] = c.ConsentId, ["uscc"] = c.Uscc, ["bankId"] = c.BankId, ["doc"] = MongoDocuments.ToBson(c) };
        if (c.ApplicationId is not null)
        {
            document["applicationId"] = c.ApplicationId;
        }

        return document;
    }

    private async Task<ImportLookup> LookupAsync(IClientSessionHandle session, ImportBatch batch, ImportPlan plan, CancellationToken cancellationToken)
    {
        var usccs = plan.Valid.Select(r => r.Uscc).Distinct().ToList();
        var declared = (await Declared.Find(session, Filter.In("_id", usccs)).ToListAsync(cancellationToken))
            .Select(d => MongoDocuments.FromBson<DeclaredProfile>(d["doc"].AsBsonDocument)).ToDictionary(d => d.Uscc);
        var headcounts = new Dictionary<(string Uscc, string Month), int>();
        if (batch.Kind == RecordKind.SocialInsurance)
        {
            var ids = ImportRules.MonthsBefore(plan).Select(k => k.Uscc + "|" + RecordKind.SocialInsurance.Wire() + "|" + k.Month).ToList();
            // Inside the transaction's snapshot, as the SQLite adapter reads it inside its write.
            foreach (var document in await Records.Find(session, Filter.In("_id", ids)).ToListAsync(cancellationToken))
            {
                var record = MongoDocuments.FromBson<StoredRecord>(document["doc"].AsBsonDocument);
                headcounts[(record.Uscc, record.Key)] = record.Values.InsuredEmployees ?? 0;
            }
        }

        return new ImportLookup(declared, headcounts);
    }

    // Four round trips for the whole batch, however many enterprises it names.
    private async Task RefreshDiscrepanciesAsync(
        IClientSessionHandle session, IReadOnlyCollection<DeclaredProfile> declared, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (declared.Count == 0)
        {
            return;
        }

        var usccs = declared.Select(d => d.Uscc).ToList();
        var records = (await Records.Find(session, Filter.In("uscc", usccs) & Filter.In("kind", VerifiedKinds)).ToListAsync(cancellationToken))
            .Select(d => MongoDocuments.FromBson<StoredRecord>(d["doc"].AsBsonDocument)).ToLookup(r => r.Uscc);
        var before = (await DiscrepancyRows.Find(session, Filter.In("uscc", usccs)).ToListAsync(cancellationToken))
            .Select(d => MongoDocuments.FromBson<Discrepancy>(d["doc"].AsBsonDocument)).ToLookup(d => d.Uscc);
        var found = Discrepancies.Refresh(declared, records, before, now);
        await DiscrepancyRows.DeleteManyAsync(session, Filter.In("uscc", usccs), cancellationToken: cancellationToken);
        if (found.Count > 0)
        {
            await DiscrepancyRows.InsertManyAsync(session, found.Select(discrepancy => new BsonDocument
            {
                ["_id"] = discrepancy.Uscc + "|" + discrepancy.Field.Wire(), ["uscc"] = discrepancy.Uscc, ["region"] = discrepancy.RegionCode,
                ["sortKey"] = CreditKeys.Discrepancy(discrepancy), ["doc"] = MongoDocuments.ToBson(discrepancy),
            }), cancellationToken: cancellationToken);
        }
    }
}
