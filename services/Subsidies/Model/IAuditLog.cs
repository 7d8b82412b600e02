
namespace FinanceMarket.Subsidies.Model;

// The audit log's storage, in the subsidies database beside the claims. Append-only: no method edits or
// removes an entry, and the SQLite table refuses UPDATE and DELETE by trigger. Both adapters pass
// AuditLogContract.
public interface IAuditLog
{
    // Chains the event's entry after the last one, unless its event id is already in the log (a redelivery
    // changes nothing): true when appended.
    Task<bool> AppendAsync(AuditRecordedIntegrationEvent recorded, CancellationToken cancellationToken);

    // Newest first. A region prefix selects its region's entries and the national ones (region "").
    Task<Page<AuditEntry>> ListAsync(AuditQuery query, int pageSize, long? beforeSeq, CancellationToken cancellationToken);

    // Every entry in Seq order, as stored, for the chain to be checked.
    IAsyncEnumerable<AuditEntry> ReadAllAsync(CancellationToken cancellationToken);
}
