using FinanceMarket.Credit.Model;
using FinanceMarket.ServiceDefaults.Events;
using FinanceMarket.ServiceDefaults.Storage;
using Microsoft.Data.Sqlite;

namespace FinanceMarket.Credit.Infrastructure;

// Records are keyed by (enterprise, kind, key), so a later record replaces the earlier by an upsert; flagged
// records and the lists officials read are served by partial and region indexes. Every list's page key is a
// column of its own.
internal sealed class SqliteCreditStore(SqliteDatabase database, OutboxSignal signal) : ICreditStore, ISqliteSchema
{
    public static string Schema => """
        CREATE TABLE IF NOT EXISTS credit_records (
            uscc TEXT NOT NULL,
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            region TEXT NOT NULL,
            provider TEXT NOT NULL,
            flagged INTEGER NOT NULL,
            doc TEXT NOT NULL,
            PRIMARY KEY (uscc, kind, key)
        );
        CREATE INDEX IF NOT EXISTS credit_records_flagged_region ON credit_records (region, uscc, kind, key) WHERE flagged = 1;
        CREATE INDEX IF NOT EXISTS credit_records_flagged_provider ON credit_records (provider, uscc, kind, key) WHERE flagged = 1;
        CREATE TABLE IF NOT EXISTS import_batches (
            provider TEXT NOT NULL,
            batch_id TEXT NOT NULL,
            region TEXT NOT NULL,
            hash TEXT NOT NULL,
            list_key TEXT NOT NULL UNIQUE,
            doc TEXT NOT NULL,
            PRIMARY KEY (provider, batch_id)
        );
        CREATE INDEX IF NOT EXISTS import_batches_provider ON import_batches (provider, list_key);
        CREATE INDEX IF NOT EXISTS import_batches_region ON import_batches (region, list_key);
        CREATE TABLE IF NOT EXISTS declared (
            uscc TEXT PRIMARY KEY,
            correction_count INTEGER NOT NULL,
            doc TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS discrepancies (
            uscc TEXT NOT NULL,
            field TEXT NOT NULL,
            region TEXT NOT NULL,
            doc TEXT NOT NULL,
            PRIMARY KEY (uscc, field)
        );
        CREATE INDEX IF NOT EXISTS discrepancies_region ON discrepancies (region, uscc, field);
        CREATE TABLE IF NOT EXISTS consents (
            consent_id TEXT PRIMARY KEY,
            uscc TEXT NOT NULL,
            bank_id TEXT NOT NULL,
            application_id TEXT,
            doc TEXT NOT NULL
        );
        CREATE UNIQUE INDEX IF NOT EXISTS consents_application ON consents (uscc, bank_id, application_id) WHERE application_id IS NOT NULL;
        CREATE INDEX IF NOT EXISTS consents_enterprise ON consents (uscc, consent_id);
        CREATE INDEX IF NOT EXISTS consents_bank ON consents (uscc, bank_id, consent_id);
        CREATE TABLE IF NOT EXISTS profile_reads (
            read_id TEXT PRIMARY KEY,
            uscc TEXT NOT NULL,
            doc TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS profile_reads_enterprise ON profile_reads (uscc, read_id);
        CREATE TABLE IF NOT EXISTS bank_names (
            bank_id TEXT PRIMARY KEY,
            name TEXT NOT NULL
        );
        """;

    private const string VerifiedKinds = "('TAX', 'SOCIAL_INSURANCE')";

    public async Task<(ImportResult Result, bool Repeated)> ImportAsync(
        ImportBatch batch, ImportPlan plan, Func<ImportResult, IReadOnlyList<IntegrationEvent>> events, CancellationToken cancellationToken)
    {
        (ImportResult Result, bool Repeated) outcome = await database.WriteAsync<(ImportResult, bool)>(async (connection, transaction) =>
        {
            await using (var earlier = SqliteDatabase.Command(connection, transaction, "SELECT hash, doc FROM import_batches WHERE provider = $p AND batch_id = $b",
                ("$p", batch.ProviderId), ("$b", batch.BatchId)))
            await using (var reader = await earlier.ExecuteReaderAsync(cancellationToken))
            {
                if (await reader.ReadAsync(cancellationToken))
                {
                    if (reader.GetString(0) != batch.Hash)
                    {
                        throw new ConflictException($"Batch {batch.BatchId} was imported before with other records; a new batch needs a new id.");
                    }

                    return (StoreJson.Deserialize<ImportResult>(reader.GetString(1)), true);
                }
            }

            var lookup = await LookupAsync(connection, transaction, batch, plan, cancellationToken);
            var (kept, refused, flagged) = ImportRules.Complete(batch, plan, lookup);
            var replaced = 0;
            await using var exists = SqliteDatabase.Command(connection, transaction, "SELECT 1 FROM credit_records WHERE uscc = $u AND kind = $k AND key = $key",
                ("$u", ""), ("$k", batch.Kind.Wire()), ("$key", ""));
            await using var upsert = SqliteDatabase.Command(connection, transaction, """
                INSERT INTO credit_records (uscc, kind, key, region, provider, flagged, doc) VALUES ($u, $k, $key, $region, $provider, $flagged, $doc)
                ON CONFLICT (uscc, kind, key) DO UPDATE SET region = excluded.region, provider = excluded.provider, flagged = excluded.flagged, doc = excluded.doc
                """,
                ("$u", ""), ("$k", batch.Kind.Wire()), ("$key", ""), ("$region", ""), ("$provider", batch.ProviderId), ("$flagged", 0), ("$doc", ""));
            foreach (var record in kept)
            {
                exists.Parameters["$u"].Value = record.Uscc;
                exists.Parameters["$key"].Value = record.Key;
                if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
                {
                    replaced++;
                }

                upsert.Parameters["$u"].Value = record.Uscc;
                upsert.Parameters["$key"].Value = record.Key;
                upsert.Parameters["$region"].Value = record.RegionCode;
                upsert.Parameters["$flagged"].Value = record.Flagged ? 1 : 0;
                upsert.Parameters["$doc"].Value = StoreJson.Serialize(record);
                await upsert.ExecuteNonQueryAsync(cancellationToken);
            }

            if (batch.Kind is RecordKind.Tax or RecordKind.SocialInsurance)
            {
                foreach (var declared in kept.Select(r => r.Uscc).Distinct().Select(lookup.DeclaredOf).OfType<DeclaredProfile>())
                {
                    await RefreshDiscrepanciesAsync(connection, transaction, declared, batch.At, cancellationToken);
                }
            }

            var result = new ImportResult(batch.BatchId, batch.Kind, batch.ProviderId, batch.ProviderRegion, batch.Records.Count, kept.Count, replaced,
                refused, flagged, batch.At);
            await SqliteDatabase.ExecuteAsync(connection, transaction, "INSERT INTO import_batches (provider, batch_id, region, hash, list_key, doc) VALUES ($p, $b, $region, $hash, $list, $doc)", cancellationToken,
                ("$p", batch.ProviderId), ("$b", batch.BatchId), ("$region", batch.ProviderRegion), ("$hash", batch.Hash),
                ("$list", CreditKeys.List(result)), ("$doc", StoreJson.Serialize(result)));
            foreach (var integrationEvent in events(result))
            {
                await SqliteDatabase.AppendToOutboxAsync(connection, transaction, integrationEvent, cancellationToken);
            }

            return (result, false);
        }, _ => true, cancellationToken);
        if (!outcome.Repeated)
        {
            signal.Notify();
        }

        return outcome;
    }

    public async Task<Page<ImportResult>> ListImportsAsync(string? providerId, string? regionPrefix, int pageSize, string? after, CancellationToken cancellationToken)
    {
        var items = await database.QueryDocumentsAsync<ImportResult>(
            "SELECT doc FROM import_batches WHERE ($p IS NULL OR provider = $p) AND " + RegionRanges.WithinAny("region", "$region")
            + " AND ($after IS NULL OR list_key < $after) ORDER BY list_key DESC LIMIT $limit",
            cancellationToken, ("$p", providerId), ("$region", regionPrefix), ("$after", after), ("$limit", pageSize + 1));
        return Page.Of(items, pageSize, CreditKeys.List);
    }

    public async Task<IReadOnlyList<StoredRecord>> RecordsOfAsync(string uscc, CancellationToken cancellationToken) =>
        await database.QueryDocumentsAsync<StoredRecord>("SELECT doc FROM credit_records WHERE uscc = $u ORDER BY kind, key", cancellationToken, ("$u", uscc));

    public async Task<Page<StoredRecord>> ListFlaggedAsync(string? providerId, string? regionPrefix, int pageSize, string? after, CancellationToken cancellationToken)
    {
        var filter = providerId is null ? RegionRanges.Within("region", "$region") : "provider = $p";
        var items = await database.QueryDocumentsAsync<StoredRecord>(
            $"SELECT doc FROM credit_records WHERE flagged = 1 AND {filter} AND ($after IS NULL OR uscc || '|' || kind || '|' || key > $after) "
            + "ORDER BY uscc, kind, key LIMIT $limit",
            cancellationToken, ("$p", providerId), ("$region", regionPrefix ?? string.Empty), ("$after", after), ("$limit", pageSize + 1));
        return Page.Of(items, pageSize, CreditKeys.Record);
    }

    public async Task<DeclaredProfile?> DeclaredAsync(string uscc, CancellationToken cancellationToken) =>
        (await database.QueryDocumentsAsync<DeclaredProfile>("SELECT doc FROM declared WHERE uscc = $u", cancellationToken, ("$u", uscc))).FirstOrDefault();

    public Task ApplyDeclaredAsync(DeclaredProfile declared, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var stored = await SqliteDatabase.ExecuteAsync(connection, transaction, """
                INSERT INTO declared (uscc, correction_count, doc) VALUES ($u, $c, $doc)
                ON CONFLICT (uscc) DO UPDATE SET correction_count = excluded.correction_count, doc = excluded.doc
                WHERE excluded.correction_count > declared.correction_count
                """, cancellationToken, ("$u", declared.Uscc), ("$c", declared.CorrectionCount), ("$doc", StoreJson.Serialize(declared)));
            if (stored > 0)
            {
                await RefreshDiscrepanciesAsync(connection, transaction, declared, now, cancellationToken);
            }

            return true;
        }, _ => true, cancellationToken);

    public async Task<Page<Discrepancy>> ListDiscrepanciesAsync(string regionPrefix, int pageSize, string? after, CancellationToken cancellationToken)
    {
        var items = await database.QueryDocumentsAsync<Discrepancy>(
            "SELECT doc FROM discrepancies WHERE " + RegionRanges.Within("region", "$region")
            + " AND ($after IS NULL OR region || '|' || uscc || '|' || field > $after) ORDER BY region, uscc, field LIMIT $limit",
            cancellationToken, ("$region", regionPrefix), ("$after", after), ("$limit", pageSize + 1));
        return Page.Of(items, pageSize, CreditKeys.Discrepancy);
    }

    public async Task<Consent> AddConsentAsync(Consent consent, IntegrationEvent granted, CancellationToken cancellationToken)
    {
        var added = await database.WriteWithEventAsync(async (connection, transaction) =>
            await SqliteDatabase.ExecuteAsync(connection, transaction, "INSERT INTO consents (consent_id, uscc, bank_id, application_id, doc) VALUES ($id, $u, $b, $app, $doc) ON CONFLICT DO NOTHING", cancellationToken,
                ("$id", consent.ConsentId), ("$u", consent.Uscc), ("$b", consent.BankId), ("$app", consent.ApplicationId), ("$doc", StoreJson.Serialize(consent))) > 0,
            granted, signal, cancellationToken);
        if (added)
        {
            return consent;
        }

        // The same enterprise's consent to the same bank for the same application, added before (its event
        // delivered again, or matching's call and the event both): the first one stands.
        return (await database.QueryDocumentsAsync<Consent>(
            "SELECT doc FROM consents WHERE (uscc = $u AND bank_id = $b AND application_id = $app) OR consent_id = $id", cancellationToken,
            ("$u", consent.Uscc), ("$b", consent.BankId), ("$app", consent.ApplicationId), ("$id", consent.ConsentId))).First();
    }

    public async Task<Consent?> FindConsentAsync(string consentId, CancellationToken cancellationToken) =>
        (await database.QueryDocumentsAsync<Consent>("SELECT doc FROM consents WHERE consent_id = $id", cancellationToken, ("$id", consentId))).FirstOrDefault();

    public Task<bool> RevokeConsentAsync(Consent revoked, IntegrationEvent announced, CancellationToken cancellationToken) =>
        database.WriteWithEventAsync(async (connection, transaction) =>
            await SqliteDatabase.ExecuteAsync(connection, transaction, "UPDATE consents SET doc = $doc WHERE consent_id = $id AND json_extract(doc, '$.revokedAt') IS NULL", cancellationToken,
                ("$id", revoked.ConsentId), ("$doc", StoreJson.Serialize(revoked))) == 1,
            announced, signal, cancellationToken);

    public async Task<Page<Consent>> ListConsentsAsync(string uscc, string? bankId, int pageSize, string? after, CancellationToken cancellationToken)
    {
        var items = await database.QueryDocumentsAsync<Consent>(
            "SELECT doc FROM consents WHERE uscc = $u AND ($b IS NULL OR bank_id = $b) AND ($after IS NULL OR consent_id < $after) ORDER BY consent_id DESC LIMIT $limit",
            cancellationToken, ("$u", uscc), ("$b", bankId), ("$after", after), ("$limit", pageSize + 1));
        return Page.Of(items, pageSize, c => c.ConsentId);
    }

    public async Task<IReadOnlyList<Consent>> ConsentsOfAsync(string uscc, string bankId, CancellationToken cancellationToken) =>
        await database.QueryDocumentsAsync<Consent>("SELECT doc FROM consents WHERE uscc = $u AND bank_id = $b", cancellationToken, ("$u", uscc), ("$b", bankId));

    public Task LogReadAsync(ProfileRead read, IntegrationEvent announced, CancellationToken cancellationToken) =>
        database.WriteWithEventAsync(async (connection, transaction) =>
            await SqliteDatabase.ExecuteAsync(connection, transaction, "INSERT INTO profile_reads (read_id, uscc, doc) VALUES ($id, $u, $doc)", cancellationToken,
                ("$id", read.ReadId), ("$u", read.Uscc), ("$doc", StoreJson.Serialize(read))) == 1,
            announced, signal, cancellationToken);

    public async Task<Page<ProfileRead>> ListReadsAsync(string uscc, int pageSize, string? after, CancellationToken cancellationToken)
    {
        var items = await database.QueryDocumentsAsync<ProfileRead>(
            "SELECT doc FROM profile_reads WHERE uscc = $u AND ($after IS NULL OR read_id < $after) ORDER BY read_id DESC LIMIT $limit",
            cancellationToken, ("$u", uscc), ("$after", after), ("$limit", pageSize + 1));
        return Page.Of(items, pageSize, r => r.ReadId);
    }

    public Task SetBankNameAsync(string bankId, string name, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction) => SqliteDatabase.ExecuteAsync(connection, transaction, "INSERT INTO bank_names (bank_id, name) VALUES ($b, $n) ON CONFLICT (bank_id) DO UPDATE SET name = excluded.name", cancellationToken, ("$b", bankId), ("$n", name)),
            _ => true, cancellationToken);

    public async Task<string?> BankNameAsync(string bankId, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = SqliteDatabase.Command(connection, null, "SELECT name FROM bank_names WHERE bank_id = $b", ("$b", bankId));
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    // What the batch is checked against, read once per enterprise: its declared profile (for the region and
    // the discrepancies) and, for social insurance, the month before each record's when not in the batch.
    private static async Task<ImportLookup> LookupAsync(
        SqliteConnection connection, SqliteTransaction transaction, ImportBatch batch, ImportPlan plan, CancellationToken cancellationToken)
    {
        var declared = new Dictionary<string, DeclaredProfile>();
        await using (var read = SqliteDatabase.Command(connection, transaction, "SELECT doc FROM declared WHERE uscc = $u", ("$u", "")))
        {
            foreach (var uscc in plan.Valid.Select(r => r.Uscc).Distinct())
            {
                read.Parameters["$u"].Value = uscc;
                if (await read.ExecuteScalarAsync(cancellationToken) is string doc)
                {
                    declared[uscc] = StoreJson.Deserialize<DeclaredProfile>(doc);
                }
            }
        }

        var headcounts = new Dictionary<(string, string), int>();
        if (batch.Kind == RecordKind.SocialInsurance)
        {
            await using var read = SqliteDatabase.Command(connection, transaction,
                "SELECT json_extract(doc, '$.values.insuredEmployees') FROM credit_records WHERE uscc = $u AND kind = 'SOCIAL_INSURANCE' AND key = $m",
                ("$u", ""), ("$m", ""));
            foreach (var (uscc, month) in ImportRules.MonthsBefore(plan))
            {
                read.Parameters["$u"].Value = uscc;
                read.Parameters["$m"].Value = month;
                if (await read.ExecuteScalarAsync(cancellationToken) is long count)
                {
                    headcounts[(uscc, month)] = (int)count;
                }
            }
        }

        return new ImportLookup(declared, headcounts);
    }

    // One enterprise at a time: reads in the process cost microseconds, unlike the MongoDB adapter's round trips.
    private static async Task RefreshDiscrepanciesAsync(
        SqliteConnection connection, SqliteTransaction transaction, DeclaredProfile declared, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var records = await SqliteDatabase.ReadDocumentsAsync<StoredRecord>(connection, transaction,
            $"SELECT doc FROM credit_records WHERE uscc = $u AND kind IN {VerifiedKinds}", cancellationToken, ("$u", declared.Uscc));
        var before = await SqliteDatabase.ReadDocumentsAsync<Discrepancy>(connection, transaction, "SELECT doc FROM discrepancies WHERE uscc = $u",
            cancellationToken, ("$u", declared.Uscc));
        var found = Discrepancies.Refresh([declared], records.ToLookup(r => r.Uscc), before.ToLookup(d => d.Uscc), now);
        await SqliteDatabase.ExecuteAsync(connection, transaction, "DELETE FROM discrepancies WHERE uscc = $u", cancellationToken, ("$u", declared.Uscc));
        foreach (var discrepancy in found)
        {
            await SqliteDatabase.ExecuteAsync(connection, transaction, "INSERT INTO discrepancies (uscc, field, region, doc) VALUES ($u, $f, $region, $doc)", cancellationToken,
                ("$u", discrepancy.Uscc), ("$f", discrepancy.Field.Wire()), ("$region", discrepancy.RegionCode), ("$doc", StoreJson.Serialize(discrepancy)));
        }
    }
}
