using FinanceMarket.IntegrationEvents;
using FinanceMarket.ServiceDefaults.Events;
using FinanceMarket.ServiceDefaults.Security;
using MongoDB.Driver;

namespace FinanceMarket.ServiceDefaults.Storage;

// Saves an audit entry that has no change beside it (an official's read outside their own region) in the
// service's outbox, so it reaches the log as every other entry does.
public interface IAuditRecorder
{
    Task RecordAsync(IntegrationEvent entry, CancellationToken cancellationToken);
}

public sealed class SqliteAuditRecorder(SqliteDatabase database, OutboxSignal signal) : IAuditRecorder
{
    public Task RecordAsync(IntegrationEvent entry, CancellationToken cancellationToken) =>
        database.WriteWithEventAsync((_, _) => Task.FromResult(true), entry, signal, cancellationToken);
}

public sealed class MongoAuditRecorder(IMongoDatabase database, OutboxSignal signal) : IAuditRecorder
{
    public Task RecordAsync(IntegrationEvent entry, CancellationToken cancellationToken) =>
        MongoDocuments.WriteWithEventAsync(database, _ => Task.FromResult(true), entry, signal, cancellationToken);
}

public static class AuditRecorderExtensions
{
    // An official reading a record (or a region's list) outside their own region code is recorded: who
    // read what. Reads inside it, and by anyone else, are not.
    public static Task RecordReadAsync(
        this IAuditRecorder recorder, Caller caller, string action, string regionCode, string target, object? read, DateTimeOffset at, CancellationToken cancellationToken) =>
        caller.IsOfficial && regionCode != caller.Region
            ? recorder.RecordAsync(AuditTrail.Entry(caller, action, regionCode, target, null, read, null, at), cancellationToken)
            : Task.CompletedTask;
}
