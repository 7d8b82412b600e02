using FinanceMarket.IntegrationEvents;
using FinanceMarket.ServiceDefaults.Events;
using Microsoft.Data.Sqlite;

namespace FinanceMarket.ServiceDefaults.Storage;

// One SQLite file per service (embedded profile). Holds the service's tables and its outbox, so a change
// and the events it causes commit in one transaction.
public sealed class SqliteDatabase
{
    private static readonly string OutboxSchema = Idempotency.IdempotencyStores.SqliteSchema + """
        CREATE TABLE IF NOT EXISTS outbox (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            topic TEXT NOT NULL,
            ordering_key TEXT NOT NULL,
            payload TEXT NOT NULL,
            occurred_at TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at TEXT NOT NULL,
            published_at TEXT,
            parked INTEGER NOT NULL DEFAULT 0,
            last_error TEXT
        );
        CREATE INDEX IF NOT EXISTS outbox_pending ON outbox (seq) WHERE published_at IS NULL AND parked = 0;
        CREATE TABLE IF NOT EXISTS outbox_lease (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            owner TEXT NOT NULL,
            expires_at TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS outbox_pending_key ON outbox (ordering_key, seq) WHERE published_at IS NULL AND parked = 0;
        """;

    private readonly string _connectionString;

    public SqliteDatabase(string path, string schema)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            DefaultTimeout = 30,
            Pooling = true,
            ForeignKeys = true,
        }.ToString();

        using var connection = Open();
        // WAL lets readers run beside the one writer; it is a property of the file, so set once.
        Execute(connection, "PRAGMA journal_mode=WAL;");
        Execute(connection, OutboxSchema + schema);
    }

    public string Path { get; }

    // The fault replay's "disk full": while its switch is on, the file may not grow by a page, so SQLite
    // itself refuses (SQLITE_FULL) every write that needs one, as on a full disk.
    public Hosting.FaultSwitches Faults { get; init; } = Hosting.FaultSwitches.None;

    private bool _full;

    private void ApplyDiskFull(SqliteConnection connection)
    {
        var full = Faults.IsOn(Hosting.FaultSwitches.DiskFull);
        if (full == _full)
        {
            return;
        }

        using var command = connection.CreateCommand();
        command.CommandText = full ? "PRAGMA max_page_count = " + Convert.ToInt64(Scalar(connection, "PRAGMA page_count"), System.Globalization.CultureInfo.InvariantCulture) : "PRAGMA max_page_count = 4294967294";
        command.ExecuteNonQuery();
        _full = full;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    public SqliteConnection Open()
    {
        // synchronous stays FULL: a commit that answered OK survives a power cut.
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    // A change and the event it causes (if any), as one unit: the change says whether it applied (a refused
    // change commits nothing). The relay is woken once the commit is done.
    public Task<bool> WriteWithEventAsync(
        Func<SqliteConnection, SqliteTransaction, Task<bool>> change, IntegrationEvent? integrationEvent, OutboxSignal signal, CancellationToken cancellationToken) =>
        WriteWithEventsAsync(change, integrationEvent is null ? [] : [integrationEvent], signal, cancellationToken);

    // The same with every event the change causes (its own and the audit entry of who made it).
    public async Task<bool> WriteWithEventsAsync(
        Func<SqliteConnection, SqliteTransaction, Task<bool>> change, IReadOnlyList<IntegrationEvent> events, OutboxSignal signal, CancellationToken cancellationToken)
    {
        var applied = await WriteAsync(
            async (connection, transaction) =>
            {
                if (!await change(connection, transaction))
                {
                    return false;
                }

                foreach (var integrationEvent in events)
                {
                    await AppendToOutboxAsync(connection, transaction, integrationEvent, cancellationToken);
                }

                return true;
            },
            applied => applied,
            cancellationToken);
        if (applied && events.Count > 0)
        {
            signal.Notify();
        }

        return applied;
    }

    // Every write of this file goes through one writer (group commit): it takes the writes waiting, runs
    // each inside its own savepoint of one IMMEDIATE transaction, and commits them together, so one fsync
    // (synchronous stays FULL) serves them all and no writer waits on SQLite's busy handler for the lock. A
    // write that throws, or whose result `keep` refuses, is rolled back to its savepoint alone; the
    // others commit. The answer comes only once the commit is on disk.
    public Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, Func<T, bool> keep, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // A write made for a call with an Idempotency-Key whose answer is known saves the key beside its change.
        var write = new PendingWrite<T>(work, keep, Idempotency.IdempotentCall.Current, cancellationToken);
        _writes.Writer.TryWrite(write);
        lock (_writes)
        {
            _writer ??= Task.Run(WriteLoopAsync, CancellationToken.None);
        }

        return write.Done.Task;
    }

    private async Task WriteLoopAsync()
    {
        await using var connection = Open();
        var batch = new List<IPendingWrite>(MaxBatch);
        while (await _writes.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _writes.Reader.TryRead(out var write))
            {
                batch.Add(write);
            }

            try
            {
                ApplyDiskFull(connection);
                await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
                for (var i = 0; i < batch.Count; i++)
                {
                    var savepoint = "w" + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    await transaction.SaveAsync(savepoint);
                    if (!await batch[i].RunAsync(connection, transaction))
                    {
                        await transaction.RollbackAsync(savepoint);
                    }

                    await transaction.ReleaseAsync(savepoint);
                }

                await transaction.CommitAsync();
                batch.ForEach(w => w.Committed());
            }
            catch (Exception ex)
            {
                // The commit itself failed (disk full, I/O), or a write's error made SQLite roll the whole
                // transaction back (SQLITE_FULL, IOERR and BUSY may; the savepoint is then gone too): nothing of
                // the batch is stored, and each write says so with the storage's own error, not the stale
                // transaction's, so its caller hears "try again" rather than a failure of the service.
                var cause = batch.Select(w => w.Failure).OfType<SqliteException>().FirstOrDefault() ?? ex;
                batch.ForEach(w => w.Failed(cause));
            }
        }
    }

    private const int MaxBatch = 64;

    private readonly System.Threading.Channels.Channel<IPendingWrite> _writes =
        System.Threading.Channels.Channel.CreateUnbounded<IPendingWrite>(new() { SingleReader = true });

    private Task? _writer;

    private interface IPendingWrite
    {
        // False when what it wrote must be rolled back (refused, failed or cancelled).
        Task<bool> RunAsync(SqliteConnection connection, SqliteTransaction transaction);

        void Committed();

        void Failed(Exception ex);

        // What the write itself threw, if anything.
        Exception? Failure { get; }
    }

    private sealed class PendingWrite<T>(
        Func<SqliteConnection, SqliteTransaction, Task<T>> work, Func<T, bool> keep, Idempotency.IdempotentCall? call, CancellationToken cancellationToken) : IPendingWrite
    {
        private T _result = default!;
        private Exception? _failure;

        public Exception? Failure => _failure;
        private Idempotency.IdempotencyRecord? _idempotency;

        public TaskCompletionSource<T> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<bool> RunAsync(SqliteConnection connection, SqliteTransaction transaction)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                _failure = new OperationCanceledException(cancellationToken);
                return false;
            }

            try
            {
                _result = await work(connection, transaction);
                if (!keep(_result))
                {
                    // The answer was for this change: a later write of the call must not save it.
                    call?.TakeRecord();
                    return false;
                }

                // Taken after the change ran, so a change that decides its answer inside the transaction gives it too.
                if (call?.TakeRecord() is { } idempotency)
                {
                    _idempotency = idempotency;
                    await Idempotency.IdempotencyStores.SaveAsync(connection, transaction, idempotency, withEffect: true, cancellationToken);
                }

                return true;
            }
            catch (Exception ex)
            {
                call?.TakeRecord();
                _failure = ex;
                return false;
            }
        }

        public void Committed()
        {
            if (_failure is { } failure)
            {
                Done.TrySetException(failure);
            }
            else
            {
                _idempotency?.Committed();
                Done.TrySetResult(_result);
            }
        }

        public void Failed(Exception ex) => Done.TrySetException(_failure ?? ex);
    }

    // Stores keep each record as a JSON document in a column: the query selects it first.
    public async Task<List<T>> QueryDocumentsAsync<T>(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var connection = Open();
        return await ReadDocumentsAsync<T>(connection, null, sql, cancellationToken, parameters);
    }

    // The same inside a write's transaction, where what is read decides what is written.
    public static async Task<List<T>> ReadDocumentsAsync<T>(
        SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(StoreJson.Deserialize<T>(reader.GetString(0)));
        }

        return items;
    }

    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    // One statement inside a write's transaction; the rows it changed.
    public static async Task<int> ExecuteAsync(
        SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task AppendToOutboxAsync(SqliteConnection connection, SqliteTransaction transaction, IntegrationEvent integrationEvent, CancellationToken cancellationToken)
    {
        var message = OutboxMessage.From(integrationEvent);
        await using var command = Command(connection, transaction,
            "INSERT INTO outbox (id, topic, ordering_key, payload, occurred_at, next_attempt_at) VALUES ($id, $topic, $key, $payload, $at, $at)",
            ("$id", message.Id.ToString()), ("$topic", message.Topic), ("$key", message.OrderingKey), ("$payload", message.Payload),
            ("$at", Instant(message.OccurredAt)));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // Sortable text: ISO 8601 in UTC with a fixed width.
    public static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
