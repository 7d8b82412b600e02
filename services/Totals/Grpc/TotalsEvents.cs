using FinanceMarket.ServiceDefaults.Events;
using FinanceMarket.Totals.Infrastructure;
using FinanceMarket.Totals.Model;

namespace FinanceMarket.Totals.Grpc;

// The events the totals are kept from, delivered by the Dapr sidecar (servers) or the relay's direct
// delivery (embedded), both with the app API token. An event counted before answers SUCCESS again and
// changes nothing; one that cannot be counted answers 422 with the reason, so the sidecar retries it and
// then dead-letters it, while the events of other applications flow past it.
internal static class TotalsEvents
{
    public static WebApplication MapTotalsEvents(this WebApplication app)
    {
        app.UseEventSubscriptions();
        // An application's events move the figures and its bank's scorecard: two changes, each applied once.
        Map<ApplicationSubmittedIntegrationEvent>(app, e => [TotalsRules.Submitted(e), Scorecards.Submitted(e)]);
        Map<ApplicationApprovedIntegrationEvent>(app, e => [TotalsRules.Approved(e), Scorecards.Approved(e)]);
        Map<ApplicationRejectedIntegrationEvent>(app, e => [TotalsRules.Rejected(e), Scorecards.Rejected(e)]);
        Map<ApplicationExpiredIntegrationEvent>(app, e => [TotalsRules.Expired(e), Scorecards.Expired(e)]);
        Map<SubsidyPaidIntegrationEvent>(app, e => [TotalsRules.Paid(e)]);
        Map<LoanEntryRecordedIntegrationEvent>(app, e => [TotalsRules.LoanEntry(e)]);
        Map<EnterpriseRegisteredIntegrationEvent>(app, e => [TotalsRules.Registered(e)]);
        Map<NeedTakenIntegrationEvent>(app, e => [Scorecards.Taken(e)]);
        Map<ApplicationContactedIntegrationEvent>(app, e => [Scorecards.Contacted(e)]);
        Map<ApplicationWithdrawnIntegrationEvent>(app, e => [Scorecards.Withdrawn(e)]);
        Map<ApplicationReferredIntegrationEvent>(app, e => [Scorecards.Referred(e)]);
        Map<ServiceStepOverdueIntegrationEvent>(app, e => [Scorecards.Overdue(e)]);
        return app;
    }

    private static void Map<TEvent>(WebApplication app, Func<TEvent, IReadOnlyList<TotalsChange>> change) where TEvent : IntegrationEvent
    {
        app.MapSubscription<TEvent>(async (TEvent received, ITotalsStore store, ILogger<TotalsStore> logger, CancellationToken cancellationToken) =>
            {
                IReadOnlyList<TotalsChange> counted;
                try
                {
                    counted = change(received);
                }
                catch (ArgumentException ex)
                {
                    logger.LogError("{Topic} {EventId} cannot be counted: {Reason}", PubSub.TopicOf<TEvent>(), received.Id, ex.Message);
                    return Results.UnprocessableEntity(new { reason = ex.Message });
                }

                foreach (var part in counted)
                {
                    await store.ApplyAsync(part, cancellationToken);
                }

                return Results.Ok(new { status = "SUCCESS" });
            });
    }

    // The logging category of the subscriptions.
    private sealed class TotalsStore;
}
