using FinanceMarket.TestInfrastructure;
using FinanceMarket.IntegrationEvents;
using FinanceMarket.ServiceDefaults.Events;
using FinanceMarket.ServiceDefaults.Storage;
using Microsoft.Data.Sqlite;

namespace FinanceMarket.FunctionalTests.Storage;

// One writer commits many writes at once: each write stands or falls alone, with its event, and its caller
// hears only once the commit is on disk.
public sealed class GroupCommitTests
{
    private const string Schema = "CREATE TABLE IF NOT EXISTS things (id TEXT PRIMARY KEY);";

    [Fact]
    public async Task Concurrent_writes_commit_together_and_a_refused_or_failing_one_takes_only_itself_back()
    {
        var database = new SqliteDatabase(Path.Combine(TestData.NewTempDir(), "group.db"), Schema);
        using var signal = new OutboxSignal();
        var cancel = TestContext.Current.CancellationToken;
        Task<bool> Insert(string id, bool keep = true) => database.WriteWithEventAsync(
            async (connection, transaction) =>
            {
                await using var insert = SqliteDatabase.Command(connection, transaction, "INSERT INTO things (id) VALUES ($id)", ("$id", id));
                await insert.ExecuteNonQueryAsync(cancel);
                return keep;
            },
            new BankCreatedIntegrationEvent(id, id), signal, cancel);

        Assert.True(await Insert("taken"));
        var writes = Enumerable.Range(0, 200).Select(i => i switch
        {
            50 => Insert("refused", keep: false), // wrote a row, then said no: the row goes
            120 => Insert("taken"), // a primary key the first write holds: throws, alone
            _ => Insert($"t{i}"),
        }).ToList();

        var failing = await Assert.ThrowsAsync<SqliteException>(() => writes[120]);
        Assert.Equal(19, failing.SqliteErrorCode); // SQLITE_CONSTRAINT
        Assert.False(await writes[50]);
        Assert.All(writes.Where((_, i) => i is not 50 and not 120), w => Assert.True(w.Result));

        await using var connection = database.Open();
        await using var things = SqliteDatabase.Command(connection, null, "SELECT count(*), sum(id = 'refused') FROM things");
        await using var reader = await things.ExecuteReaderAsync(cancel);
        Assert.True(await reader.ReadAsync(cancel));
        Assert.Equal(1 + 198, reader.GetInt64(0));
        Assert.Equal(0, reader.GetInt64(1));
        await using var outbox = SqliteDatabase.Command(connection, null, "SELECT count(*) FROM outbox");
        Assert.Equal(1L + 198, (long)(await outbox.ExecuteScalarAsync(cancel))!); // an event for each write kept, none for the others
    }

    [Fact]
    public async Task A_write_cancelled_before_its_turn_stores_nothing_and_says_so()
    {
        var database = new SqliteDatabase(Path.Combine(TestData.NewTempDir(), "cancel.db"), Schema);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => database.WriteAsync(
            (connection, transaction) => Task.FromResult(1), _ => true, cancelled.Token));
    }
}
