namespace FinanceMarket.Credit.Model;

// Credit records, the batches they came in, consents, the read log, and what the registry's events said
// each enterprise declared (with the discrepancies the two show).
public interface ICreditStore
{
    // One batch, all or nothing, with its event: the region and quality checks read the store inside the
    // write. A batch id the provider used before returns the first answer (Repeated) and changes nothing;
    // with other records (another hash) it is refused with ConflictException.
    // The events are the batch's own and, for an official's batch, its audit entry.
    Task<(ImportResult Result, bool Repeated)> ImportAsync(
        ImportBatch batch, ImportPlan plan, Func<ImportResult, IReadOnlyList<IntegrationEvent>> events, CancellationToken cancellationToken);

    // Newest first; a provider's own (providerId) or a region's (prefix). The page key is the batch's.
    Task<Page<ImportResult>> ListImportsAsync(string? providerId, string? regionPrefix, int pageSize, string? after, CancellationToken cancellationToken);

    Task<IReadOnlyList<StoredRecord>> RecordsOfAsync(string uscc, CancellationToken cancellationToken);

    // Flagged records of a region (prefix), or of a provider, in enterprise and key order.
    Task<Page<StoredRecord>> ListFlaggedAsync(string? providerId, string? regionPrefix, int pageSize, string? after, CancellationToken cancellationToken);

    Task<DeclaredProfile?> DeclaredAsync(string uscc, CancellationToken cancellationToken);

    // A registration (count 0) or a correction: kept only when newer than what is kept (its correction count),
    // and the enterprise's discrepancies found again against its records.
    Task ApplyDeclaredAsync(DeclaredProfile declared, DateTimeOffset now, CancellationToken cancellationToken);

    Task<Page<Discrepancy>> ListDiscrepanciesAsync(string regionPrefix, int pageSize, string? after, CancellationToken cancellationToken);

    // Adds the consent with its event. An application's consent is added once: a second one for the same
    // application returns the first (and publishes nothing).
    Task<Consent> AddConsentAsync(Consent consent, IntegrationEvent granted, CancellationToken cancellationToken);

    Task<Consent?> FindConsentAsync(string consentId, CancellationToken cancellationToken);

    Task<bool> RevokeConsentAsync(Consent revoked, IntegrationEvent announced, CancellationToken cancellationToken);

    // Newest first; a bank's own when bankId is given.
    Task<Page<Consent>> ListConsentsAsync(string uscc, string? bankId, int pageSize, string? after, CancellationToken cancellationToken);

    Task<IReadOnlyList<Consent>> ConsentsOfAsync(string uscc, string bankId, CancellationToken cancellationToken);

    // The read and its event, in one write: a read that is not logged does not happen.
    Task LogReadAsync(ProfileRead read, IntegrationEvent announced, CancellationToken cancellationToken);

    Task<Page<ProfileRead>> ListReadsAsync(string uscc, int pageSize, string? after, CancellationToken cancellationToken);

    Task SetBankNameAsync(string bankId, string name, CancellationToken cancellationToken);

    Task<string?> BankNameAsync(string bankId, CancellationToken cancellationToken);
}
