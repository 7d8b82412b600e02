
namespace FinanceMarket.Matching.Model;

// The storage seam: SQLite (embedded) and MongoDB (servers) pass the same contract suite.
public interface IMatchingStore
{
    Task AddNeedAsync(Need need, IntegrationEvent matched, CancellationToken cancellationToken);

    Task<Need?> FindNeedAsync(string needId, CancellationToken cancellationToken);

    // One application per need and product: null when saved (with its event), else the one already there.
    async Task<Application?> TryAddApplicationAsync(Application application, IntegrationEvent submitted, CancellationToken cancellationToken) =>
        await TryWriteAsync(new MarketWrite { Application = new(application, 0), Events = [submitted] }, cancellationToken)
            ? null
            : await FindApplicationForAsync(application.NeedId, application.Product.ProductId, cancellationToken);

    Task<Application?> FindApplicationAsync(string applicationId, CancellationToken cancellationToken);

    Task<Application?> FindApplicationForAsync(string needId, string productId, CancellationToken cancellationToken);

    // Optimistic concurrency: saves the application and its event only if the stored version is still expectedVersion.
    Task<bool> TryUpdateApplicationAsync(Application application, long expectedVersion, IntegrationEvent changed, CancellationToken cancellationToken) =>
        TryWriteAsync(new MarketWrite { Application = new(application, expectedVersion), Events = [changed] }, cancellationToken);

    // Everything a market change touches, with its events, in one transaction; false (nothing saved) when a
    // versioned document moved meanwhile or a document to insert exists already.
    Task<bool> TryWriteAsync(MarketWrite write, CancellationToken cancellationToken);

    Task<Broadcast?> FindBroadcastAsync(string needId, CancellationToken cancellationToken);

    // The bank's open opportunities still inside their window on `today`, newest broadcast first or closest
    // take-by date first; the key of the last one read (OpportunityKey) continues.
    Task<Page<Opportunity>> ListOpportunitiesAsync(string bankId, DateOnly today, bool byDeadline, int pageSize, string? after, CancellationToken cancellationToken);

    Task<IReadOnlyList<ServicePromise>> ServicePromisesAsync(CancellationToken cancellationToken);

    // Saved with its audit entry in one transaction.
    Task PutServicePromiseAsync(ServicePromise promise, IntegrationEvent audit, CancellationToken cancellationToken);

    // Every step of a need's promise (a handful: a take step per round, two per application).
    Task<IReadOnlyList<ServiceStep>> StepsOfNeedAsync(string needId, CancellationToken cancellationToken);

    Task<ServiceStep?> FindStepAsync(string stepId, CancellationToken cancellationToken);

    // Steps the sweep must move on `today`: PENDING past their due date, and OVERDUE past the day they end
    // (a broadcast's window), earliest due first.
    Task<IReadOnlyList<ServiceStep>> StepsToSweepAsync(DateOnly today, int limit, CancellationToken cancellationToken);

    // Steps whose bank the sweep tells ahead: PENDING, with a bank, due on or before `soon`, not yet reminded;
    // earliest due first, then by id.
    Task<IReadOnlyList<ServiceStep>> StepsToRemindAsync(DateOnly soon, int limit, CancellationToken cancellationToken);

    // Raised steps (the supervision list), earliest due first, then by id.
    Task<Page<ServiceStep>> ListRaisedStepsAsync(StepQuery query, int pageSize, string? after, CancellationToken cancellationToken);

    // Per bank over the query (the page aside): steps still OVERDUE, steps raised, the earliest due date. The
    // untaken broadcasts have no bank: their row's BankId is "".
    Task<IReadOnlyList<BankStepCount>> CountRaisedStepsAsync(StepQuery query, CancellationToken cancellationToken);

    // Ordered by application id (submission order).
    Task<Page<Application>> ListApplicationsAsync(ApplicationQuery query, int pageSize, string? afterApplicationId, CancellationToken cancellationToken);

    // SUBMITTED applications whose decide-by date is before the given day, oldest first.
    Task<IReadOnlyList<Application>> OverdueAsync(DateOnly today, int limit, CancellationToken cancellationToken);

    Task<IReadOnlyList<CalendarYear>> CalendarYearsAsync(CancellationToken cancellationToken);

    // Saved with its audit entry (an outbox event) in one transaction.
    Task PutCalendarYearAsync(CalendarYear year, IntegrationEvent audit, CancellationToken cancellationToken);
}
