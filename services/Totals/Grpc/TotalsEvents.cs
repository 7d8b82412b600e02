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
        Map<ApplicationSubmittedIntegrationEvent>(app, TotalsRules.Submitted);
        Map<ApplicationApprovedIntegrationEvent>(app, TotalsRules.Approved);
        Map<ApplicationRejectedIntegrationEvent>(app, TotalsRules.Rejected);
        Map<ApplicationExpiredIntegrationEvent>(app, TotalsRules.Expired);
        Map<SubsidyPaidIntegrationEvent>(app, TotalsRules.Paid);
        return app;
    }

    private static void Map<TEvent>(WebApplication app, Func<TEvent, TotalsChange> change) where TEvent : IntegrationEvent
    {
        app.MapSubscription<TEvent>(async (TEvent received, ITotalsStore store, ILogger<TotalsStore> logger, CancellationToken cancellationToken) =>
            {
                TotalsChange counted;
                try
                {
                    counted = change(received);
                }
                catch (ArgumentException ex)
                {
                    logger.LogError("{Topic} {EventId} cannot be counted: {Reason}", PubSub.TopicOf<TEvent>(), received.Id, ex.Message);
                    return Results.UnprocessableEntity(new { reason = ex.Message });
                }

                await store.ApplyAsync(counted, cancellationToken);
                return Results.Ok(new { status = "SUCCESS" });
            });
    }

    // The logging category of the subscriptions.
    private sealed class TotalsStore;
}
