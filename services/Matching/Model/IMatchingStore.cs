
namespace FinanceMarket.Matching.Model;

// The storage seam: SQLite (embedded) and MongoDB (servers) pass the same contract suite.
public interface IMatchingStore
{
    Task AddNeedAsync(Need need, IntegrationEvent matched, CancellationToken cancellationToken);

    Task<Need?> FindNeedAsync(string needId, CancellationToken cancellationToken);

    // One application per need and product: null when saved (with its event), else the one already there.
    Task<Application?> TryAddApplicationAsync(Application application, IntegrationEvent submitted, CancellationToken cancellationToken);

    Task<Application?> FindApplicationAsync(string applicationId, CancellationToken cancellationToken);

    // Optimistic concurrency: saves the application and its event only if the stored version is still expectedVersion.
    Task<bool> TryUpdateApplicationAsync(Application application, long expectedVersion, IntegrationEvent changed, CancellationToken cancellationToken);

    // Ordered by application id (submission order).
    Task<Page<Application>> ListApplicationsAsync(ApplicationQuery query, int pageSize, string? afterApplicationId, CancellationToken cancellationToken);

    // SUBMITTED applications whose decide-by date is before the given day, oldest first.
    Task<IReadOnlyList<Application>> OverdueAsync(DateOnly today, int limit, CancellationToken cancellationToken);

    Task<IReadOnlyList<CalendarYear>> CalendarYearsAsync(CancellationToken cancellationToken);

    // Saved with its audit entry (an outbox event) in one transaction.
    Task PutCalendarYearAsync(CalendarYear year, IntegrationEvent audit, CancellationToken cancellationToken);
}
