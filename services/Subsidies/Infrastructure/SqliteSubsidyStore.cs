using static FinanceMarket.Domain.Dates;
using System.Globalization;
using FinanceMarket.ServiceDefaults.Events;
using FinanceMarket.ServiceDefaults.Storage;
using FinanceMarket.Subsidies.Model;
using Microsoft.Data.Sqlite;

namespace FinanceMarket.Subsidies.Infrastructure;

// Every write runs in an IMMEDIATE transaction (SqliteDatabase), so a reservation's reads and writes are
// one indivisible step: concurrent claims queue for the write lock and each sees the one before it.
internal sealed class SqliteSubsidyStore(SqliteDatabase database, OutboxSignal signal) : ISubsidyStore, ISqliteSchema
{
    public static string Schema => """
        CREATE TABLE IF NOT EXISTS lpr (
            effective_on TEXT PRIMARY KEY,
            doc TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS programs (
            program_id TEXT PRIMARY KEY,
            region_code TEXT NOT NULL,
            doc TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS claims (
            claim_id TEXT PRIMARY KEY,
            program_id TEXT NOT NULL REFERENCES programs (program_id),
            application_id TEXT NOT NULL,
            uscc TEXT NOT NULL,
            bank_id TEXT NOT NULL,
            region_code TEXT NOT NULL,
            status TEXT NOT NULL,
            version INTEGER NOT NULL,
            doc TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS claims_deal ON claims (application_id);
        CREATE INDEX IF NOT EXISTS claims_borrower ON claims (program_id, uscc);
        CREATE INDEX IF NOT EXISTS claims_region ON claims (region_code, claim_id);
        CREATE INDEX IF NOT EXISTS claims_enterprise ON claims (uscc, claim_id);
        CREATE INDEX IF NOT EXISTS claims_bank ON claims (bank_id, claim_id);
        """ + SqliteAuditLog.Schema + SqliteEnterpriseSizes.Schema;

    public Task<bool> TryRecordLprAsync(LprQuote quote, IntegrationEvent audit, CancellationToken cancellationToken) =>
        database.WriteWithEventAsync(
            async (connection, transaction) =>
            {
                await using var insert = SqliteDatabase.Command(connection, transaction,
                    "INSERT INTO lpr (effective_on, doc) VALUES ($on, $doc) ON CONFLICT (effective_on) DO NOTHING",
                    ("$on", Day(quote.EffectiveOn)), ("$doc", StoreJson.Serialize(quote)));
                return await insert.ExecuteNonQueryAsync(cancellationToken) == 1;
            },
            audit, signal, cancellationToken);

    public Task<bool> TryCorrectLprAsync(LprQuote corrected, int expectedCorrections, IntegrationEvent audit, CancellationToken cancellationToken) =>
        database.WriteWithEventAsync(
            async (connection, transaction) =>
            {
                var current = (await SqliteDatabase.ReadDocumentsAsync<LprQuote>(connection, transaction,
                    "SELECT doc FROM lpr WHERE effective_on = $on", cancellationToken, ("$on", Day(corrected.EffectiveOn)))).FirstOrDefault();
                if (current is null || current.CorrectionCount != expectedCorrections)
                {
                    return false;
                }

                await using var update = SqliteDatabase.Command(connection, transaction, "UPDATE lpr SET doc = $doc WHERE effective_on = $on",
                    ("$on", Day(corrected.EffectiveOn)), ("$doc", StoreJson.Serialize(corrected)));
                return await update.ExecuteNonQueryAsync(cancellationToken) == 1;
            },
            audit, signal, cancellationToken);

    public async Task<LprQuote?> LprOnAsync(DateOnly day, CancellationToken cancellationToken) =>
        (await database.QueryDocumentsAsync<LprQuote>(
            "SELECT doc FROM lpr WHERE effective_on <= $on ORDER BY effective_on DESC LIMIT 1", cancellationToken, ("$on", Day(day)))).FirstOrDefault();

    public Task AddProgramAsync(SubsidyProgram program, IntegrationEvent audit, CancellationToken cancellationToken) =>
        database.WriteWithEventAsync(
            async (connection, transaction) =>
            {
                await using var insert = SqliteDatabase.Command(connection, transaction,
                    "INSERT INTO programs (program_id, region_code, doc) VALUES ($id, $region, $doc)",
                    ("$id", program.ProgramId), ("$region", program.RegionCode), ("$doc", StoreJson.Serialize(program)));
                return await insert.ExecuteNonQueryAsync(cancellationToken) == 1;
            },
            audit, signal, cancellationToken);

    public async Task<SubsidyProgram?> FindProgramAsync(string programId, CancellationToken cancellationToken) =>
        (await database.QueryDocumentsAsync<SubsidyProgram>("SELECT doc FROM programs WHERE program_id = $id", cancellationToken, ("$id", programId))).FirstOrDefault();

    public async Task<Page<SubsidyProgram>> ListProgramsAsync(string? regionCode, int pageSize, string? afterProgramId, CancellationToken cancellationToken)
    {
        var covering = regionCode is null ? [] : RegionCode.Hierarchy(regionCode).ToList();
        var items = await database.QueryDocumentsAsync<SubsidyProgram>(
            $"""
            SELECT doc FROM programs
            WHERE program_id > $after
              AND ($region IS NULL OR region_code IN ({string.Join(", ", covering.Select((_, i) => "$c" + i).DefaultIfEmpty("NULL"))})
                   OR (region_code >= $region AND region_code < $region || ':'))
            ORDER BY program_id LIMIT $limit
            """,
            cancellationToken,
            [("$after", afterProgramId ?? string.Empty), ("$region", regionCode), ("$limit", pageSize + 1), .. covering.Select((c, i) => ("$c" + i, (object?)c))]);
        return Page.Of(items, pageSize, p => p.ProgramId);
    }

    public async Task<Claim> ReserveAsync(string programId, string applicationId, string uscc, Func<ReservationView, Claim> decide, CancellationToken cancellationToken)
    {
        Claim? reserved = null;
        await database.WriteWithEventAsync(async (connection, transaction) =>
        {
            var view = await ReadViewAsync(connection, transaction, programId, applicationId, uscc, cancellationToken);
            var claim = decide(view);
            var program = view.Program;

            await using var insert = SqliteDatabase.Command(connection, transaction,
                """
                INSERT INTO claims (claim_id, program_id, application_id, uscc, bank_id, region_code, status, version, doc)
                VALUES ($id, $program, $application, $uscc, $bank, $region, $status, $version, $doc)
                """,
                ("$id", claim.ClaimId), ("$program", claim.ProgramId), ("$application", claim.ApplicationId), ("$uscc", claim.Uscc),
                ("$bank", claim.BankId), ("$region", claim.RegionCode), ("$status", claim.Status.Wire()), ("$version", claim.Version),
                ("$doc", StoreJson.Serialize(claim)));
            await insert.ExecuteNonQueryAsync(cancellationToken);
            await SaveProgramAsync(connection, transaction,
                program with { ReservedFen = program.ReservedFen + claim.AmountFen, Version = program.Version + 1, ClaimsMade = program.ClaimsMade + 1 }, cancellationToken);
            reserved = claim;
            return true;
        }, null, signal, cancellationToken);
        return reserved!;
    }

    public async Task<ReservationView> ViewAsync(string programId, string applicationId, string uscc, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        // A deferred transaction that never writes: under WAL its reads see one snapshot, so the budget, the
        // deal's claims and the borrower's principal belong together, and no writer waits for it.
        await using var transaction = connection.BeginTransaction(deferred: true);
        return await ReadViewAsync(connection, transaction, programId, applicationId, uscc, cancellationToken);
    }

    public async Task<Claim?> FindClaimAsync(string claimId, CancellationToken cancellationToken) =>
        (await database.QueryDocumentsAsync<Claim>("SELECT doc FROM claims WHERE claim_id = $id", cancellationToken, ("$id", claimId))).FirstOrDefault();

    public async Task<Page<Claim>> ListClaimsAsync(ClaimQuery query, int pageSize, string? afterClaimId, CancellationToken cancellationToken)
    {
        var items = await database.QueryDocumentsAsync<Claim>(
            $"""
            SELECT doc FROM claims
            WHERE ($uscc IS NULL OR uscc = $uscc)
              AND ($bank IS NULL OR bank_id = $bank)
              AND {RegionRanges.WithinAny("region_code", "$region")}
              AND ($status IS NULL OR status = $status)
              AND ($program IS NULL OR program_id = $program)
              AND claim_id > $after
            ORDER BY claim_id LIMIT $limit
            """,
            cancellationToken,
            ("$uscc", query.Uscc), ("$bank", query.BankId), ("$region", query.RegionPrefix), ("$status", query.Status?.Wire()),
            ("$program", query.ProgramId), ("$after", afterClaimId ?? string.Empty), ("$limit", pageSize + 1));
        return Page.Of(items, pageSize, c => c.ClaimId);
    }

    public Task<bool> TryMoveAsync(ClaimTransitions.Move move, long expectedVersion, IntegrationEvent audit, CancellationToken cancellationToken) =>
        database.WriteWithEventsAsync(async (connection, transaction) =>
        {
            var claim = move.Claim;
            await using var update = SqliteDatabase.Command(connection, transaction,
                "UPDATE claims SET status = $status, version = $version, doc = $doc WHERE claim_id = $id AND version = $expected",
                ("$status", claim.Status.Wire()), ("$version", claim.Version), ("$doc", StoreJson.Serialize(claim)),
                ("$id", claim.ClaimId), ("$expected", expectedVersion));
            if (await update.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                return false;
            }

            if (move.ReservedDelta != 0 || move.PaidDelta != 0)
            {
                var program = (await SqliteDatabase.ReadDocumentsAsync<SubsidyProgram>(connection, transaction, "SELECT doc FROM programs WHERE program_id = $id", cancellationToken, ("$id", claim.ProgramId))).Single();
                await SaveProgramAsync(connection, transaction,
                    program with { ReservedFen = program.ReservedFen + move.ReservedDelta, PaidFen = program.PaidFen + move.PaidDelta, Version = program.Version + 1 },
                    cancellationToken);
            }

            return true;
        }, move.Announced is null ? [audit] : [move.Announced, audit], signal, cancellationToken);

    private static async Task<ReservationView> ReadViewAsync(
        SqliteConnection connection, SqliteTransaction transaction, string programId, string applicationId, string uscc, CancellationToken cancellationToken)
    {
        var program = (await SqliteDatabase.ReadDocumentsAsync<SubsidyProgram>(connection, transaction, "SELECT doc FROM programs WHERE program_id = $id", cancellationToken, ("$id", programId))).SingleOrDefault()
            ?? throw new NotFoundException($"Subsidy programme {programId} does not exist.");
        var dealClaims = await SqliteDatabase.ReadDocumentsAsync<Claim>(connection, transaction, "SELECT doc FROM claims WHERE application_id = $a", cancellationToken, ("$a", applicationId));
        var borrowerClaims = await SqliteDatabase.ReadDocumentsAsync<Claim>(connection, transaction,
            "SELECT doc FROM claims WHERE program_id = $p AND uscc = $u AND status <> 'REJECTED'", cancellationToken, ("$p", programId), ("$u", uscc));
        return new ReservationView(program, dealClaims, Principals(borrowerClaims));
    }

    // Each deal's principal as its first standing claim counted it.
    private static Dictionary<string, long> Principals(IEnumerable<Claim> claims) =>
        claims.GroupBy(c => c.ApplicationId).ToDictionary(g => g.Key, g => g.OrderBy(c => c.ClaimId, StringComparer.Ordinal).First().PrincipalFen);

    public Task<bool> TryReviseProgramAsync(SubsidyProgram revised, long expectedVersion, IntegrationEvent audit, CancellationToken cancellationToken) =>
        database.WriteWithEventAsync(
            async (connection, transaction) =>
            {
                // A claim reserved since the programme was read moved its version on: the revision loses.
                await using var update = SqliteDatabase.Command(connection, transaction,
                    "UPDATE programs SET doc = $doc, region_code = $region WHERE program_id = $id AND json_extract(doc, '$.version') = $expected",
                    ("$doc", StoreJson.Serialize(revised)), ("$region", revised.RegionCode), ("$id", revised.ProgramId), ("$expected", expectedVersion));
                return await update.ExecuteNonQueryAsync(cancellationToken) == 1;
            },
            audit, signal, cancellationToken);

    private static async Task SaveProgramAsync(SqliteConnection connection, SqliteTransaction transaction, SubsidyProgram program, CancellationToken cancellationToken)
    {
        await using var update = SqliteDatabase.Command(connection, transaction,
            "UPDATE programs SET doc = $doc WHERE program_id = $id", ("$doc", StoreJson.Serialize(program)), ("$id", program.ProgramId));
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

}
