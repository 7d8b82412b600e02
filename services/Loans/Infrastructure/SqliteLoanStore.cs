using FinanceMarket.Loans.Model;
using FinanceMarket.ServiceDefaults.Events;
using FinanceMarket.ServiceDefaults.Storage;
using Microsoft.Data.Sqlite;

namespace FinanceMarket.Loans.Infrastructure;

// A loan is one document with its ledger; the columns beside it serve the lists (newest first per enterprise,
// bank and region) and the daily check (the next unpaid due day of an active loan). A write checks the
// version it read, so two banks' clerks recording at once cannot both build on the same ledger.
internal sealed class SqliteLoanStore(SqliteDatabase database, OutboxSignal signal) : ILoanStore, ISqliteSchema
{
    public static string Schema => """
        CREATE TABLE IF NOT EXISTS loans (
            loan_id TEXT PRIMARY KEY,
            application_id TEXT NOT NULL,
            uscc TEXT NOT NULL,
            bank_id TEXT NOT NULL,
            region TEXT NOT NULL,
            status TEXT NOT NULL,
            version INTEGER NOT NULL,
            next_due_on TEXT,
            list_key TEXT NOT NULL,
            doc TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS loans_enterprise ON loans (uscc, list_key);
        CREATE INDEX IF NOT EXISTS loans_bank ON loans (bank_id, list_key);
        CREATE INDEX IF NOT EXISTS loans_region ON loans (region, list_key);
        CREATE INDEX IF NOT EXISTS loans_application ON loans (application_id);
        CREATE INDEX IF NOT EXISTS loans_next_due ON loans (next_due_on) WHERE next_due_on IS NOT NULL;
        """;

    public Task<bool> OpenAsync(Loan loan, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction) => await InsertAsync(connection, transaction, loan, cancellationToken), opened => opened, cancellationToken);

    public async Task<Loan?> FindAsync(string loanId, CancellationToken cancellationToken) =>
        (await database.QueryDocumentsAsync<Loan>("SELECT doc FROM loans WHERE loan_id = $id", cancellationToken, ("$id", loanId))).FirstOrDefault();

    public Task<bool> SaveAsync(IReadOnlyList<LoanWrite> loans, IReadOnlyList<IntegrationEvent> events, CancellationToken cancellationToken) =>
        database.WriteWithEventsAsync(async (connection, transaction) =>
        {
            foreach (var (loan, expected) in loans)
            {
                var written = expected is { } version
                    ? await SqliteDatabase.ExecuteAsync(connection, transaction, """
                        UPDATE loans SET status = $status, version = $version, next_due_on = $due, doc = $doc WHERE loan_id = $id AND version = $expected
                        """, cancellationToken, ("$id", loan.LoanId), ("$status", loan.Status.Wire()), ("$version", loan.Version),
                        ("$due", NextDue(loan)), ("$doc", StoreJson.Serialize(loan)), ("$expected", version)) == 1
                    : await InsertAsync(connection, transaction, loan, cancellationToken);
                if (!written)
                {
                    // The whole write is undone: the savepoint rolls back what this write did before.
                    return false;
                }
            }

            return true;
        }, events, signal, cancellationToken);

    public async Task<IReadOnlyList<Loan>> OfEnterpriseAsync(string uscc, CancellationToken cancellationToken) =>
        await database.QueryDocumentsAsync<Loan>("SELECT doc FROM loans WHERE uscc = $u ORDER BY list_key", cancellationToken, ("$u", uscc));

    public async Task<IReadOnlyList<Loan>> OfApplicationAsync(string applicationId, CancellationToken cancellationToken) =>
        await database.QueryDocumentsAsync<Loan>("SELECT doc FROM loans WHERE application_id = $a ORDER BY list_key", cancellationToken, ("$a", applicationId));

    public async Task<Page<Loan>> ListAsync(LoanQuery query, int pageSize, string? after, CancellationToken cancellationToken)
    {
        var filter = query switch
        {
            { Uscc: not null } => "uscc = $u",
            { BankId: not null } => "bank_id = $b",
            _ => RegionRanges.Within("region", "$region"),
        };
        var items = await database.QueryDocumentsAsync<Loan>(
            $"SELECT doc FROM loans WHERE {filter} AND ($status IS NULL OR status = $status) AND ($after IS NULL OR list_key < $after) ORDER BY list_key DESC LIMIT $limit",
            cancellationToken, ("$u", query.Uscc), ("$b", query.BankId), ("$region", query.RegionPrefix ?? string.Empty), ("$status", query.Status?.Wire()),
            ("$after", after), ("$limit", pageSize + 1));
        return Page.Of(items, pageSize, LoanKeys.List);
    }

    public async Task<IReadOnlyList<Loan>> PastDueAsync(DateOnly day, int max, CancellationToken cancellationToken) =>
        await database.QueryDocumentsAsync<Loan>("SELECT doc FROM loans WHERE next_due_on < $day ORDER BY next_due_on LIMIT $max", cancellationToken,
            ("$day", Dates.Day(day)), ("$max", max));

    private static string? NextDue(Loan loan) => LedgerRules.NextUnpaidDueOn(loan) is { } due ? Dates.Day(due) : null;

    private static async Task<bool> InsertAsync(SqliteConnection connection, SqliteTransaction transaction, Loan loan, CancellationToken cancellationToken) =>
        await SqliteDatabase.ExecuteAsync(connection, transaction, """
            INSERT INTO loans (loan_id, application_id, uscc, bank_id, region, status, version, next_due_on, list_key, doc)
            VALUES ($id, $app, $u, $b, $region, $status, $version, $due, $list, $doc) ON CONFLICT DO NOTHING
            """, cancellationToken, ("$id", loan.LoanId), ("$app", loan.Terms.ApplicationId), ("$u", loan.Terms.Uscc), ("$b", loan.Terms.BankId),
            ("$region", loan.Terms.RegionCode), ("$status", loan.Status.Wire()), ("$version", loan.Version), ("$due", NextDue(loan)),
            ("$list", LoanKeys.List(loan)), ("$doc", StoreJson.Serialize(loan))) == 1;
}
