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

    // A full disk (the fault replay's DiskFull: the file may not grow by a page) refuses the writes that need
    // room with SQLite's own SQLITE_FULL, whichever write of a batch met it and even when SQLite rolled the
    // whole batch back; nothing of a refused write is stored, and once there is room again writes go on.
    [Fact]
    public async Task On_a_full_disk_every_write_that_cannot_be_stored_fails_with_SQLITE_FULL_and_none_is_half_written()
    {
        var folder = TestData.NewTempDir();
        var switchFile = Path.Combine(folder, "faults", "full.disk-full");
        Directory.CreateDirectory(Path.GetDirectoryName(switchFile)!);
        var database = new SqliteDatabase(Path.Combine(folder, "full.db"), Schema + "CREATE TABLE IF NOT EXISTS blobs (id TEXT PRIMARY KEY, body BLOB NOT NULL);")
        {
            Faults = new ServiceDefaults.Hosting.FaultSwitches(Path.Combine(folder, "faults"), "full"),
        };
        var cancel = TestContext.Current.CancellationToken;
        Task<bool> Insert(string id) => database.WriteAsync(
            async (connection, transaction) =>
            {
                await using var insert = SqliteDatabase.Command(connection, transaction, "INSERT INTO blobs (id, body) VALUES ($id, zeroblob(20000))", ("$id", id));
                await insert.ExecuteNonQueryAsync(cancel);
                return true;
            }, kept => kept, cancel);
        Assert.True(await Insert("before"));

        await File.WriteAllTextAsync(switchFile, "", cancel);
        await Task.Delay(250, cancel); // the switch is looked at every 100 ms
        var during = Enumerable.Range(0, 40).Select(i => Insert($"during-{i}")).ToList();
        var outcomes = await Task.WhenAll(during.Select(async w =>
        {
            try
            {
                return await w ? "stored" : "refused";
            }
            catch (SqliteException e)
            {
                return "SQLITE " + e.SqliteErrorCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }));
        Assert.All(outcomes, o => Assert.Equal("SQLITE 13", o));

        File.Delete(switchFile);
        await Task.Delay(250, cancel);
        Assert.True(await Insert("after"));
        await using var connection = database.Open();
        await using var count = SqliteDatabase.Command(connection, null, "SELECT group_concat(id) FROM blobs");
        Assert.Equal("after,before", string.Join(",", ((string)(await count.ExecuteScalarAsync(cancel))!).Split(',').Order(StringComparer.Ordinal)));
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
