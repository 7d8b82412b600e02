using FinanceMarket.TestInfrastructure;
using FinanceMarket.IntegrationEvents;
using FinanceMarket.ServiceDefaults.Storage;
using FinanceMarket.Subsidies;
using FinanceMarket.Subsidies.Infrastructure;
using FinanceMarket.Subsidies.Model;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace FinanceMarket.FunctionalTests.Audit;

// The log's file as someone with a shell on the host would attack it: the table refuses edits and
// deletions, and once the triggers are dropped and an entry is edited or removed, the chain names the
// first entry that no longer fits.
public sealed class AuditChainTamperTests : IAsyncDisposable
{
    private readonly StoreUnderTest _store = new(StoreKind.Sqlite, SubsidiesApp.Build);

    [Fact]
    public async Task Edits_and_deletions_are_refused_and_once_forced_the_first_break_is_named()
    {
        var services = await _store.OpenAsync();
        var log = services.GetRequiredService<IAuditLog>();
        for (var i = 0; i < 5; i++)
        {
            await log.AppendAsync(new AuditRecordedIntegrationEvent("official", "official-" + i, "130903", "claim.approved", "130903", "subsidy-claim/" + i, null, "{\"status\":\"APPROVED\"}", null), Cancel);
        }

        Assert.Null(await FirstBreakAsync(log));
        await using var connection = new SqliteConnection($"Data Source={services.GetRequiredService<SqliteDatabase>().Path}");
        await connection.OpenAsync(Cancel);
        var refused = await Assert.ThrowsAsync<SqliteException>(() => ExecuteAsync(connection, "UPDATE audit_log SET region_code = '110105' WHERE seq = 3"));
        Assert.Contains("append-only", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<SqliteException>(() => ExecuteAsync(connection, "DELETE FROM audit_log WHERE seq = 4"));

        await ExecuteAsync(connection, "DROP TRIGGER audit_log_no_update");
        await ExecuteAsync(connection, "UPDATE audit_log SET region_code = '110105' WHERE seq = 3");
        var moved = await FirstBreakAsync(log);
        Assert.Equal(3, moved!.Seq);
        Assert.Contains("hash", moved.Problem, StringComparison.Ordinal);

        await ExecuteAsync(connection, "DROP TRIGGER audit_log_no_delete");
        await ExecuteAsync(connection, "DELETE FROM audit_log WHERE seq = 2");
        var removed = await FirstBreakAsync(log);
        Assert.Equal((2L, "entries 2 to 2 are missing"), (removed!.Seq, removed.Problem));
    }

    public async ValueTask DisposeAsync() => await _store.DisposeAsync();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task<AuditBreak?> FirstBreakAsync(IAuditLog log) => (await AuditChain.VerifyAsync(log.ReadAllAsync(Cancel), Cancel)).Break;

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Cancel);
    }
}
