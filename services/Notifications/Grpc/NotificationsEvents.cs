using FinanceMarket.Notifications.Infrastructure;
using FinanceMarket.Notifications.Model;
using FinanceMarket.ServiceDefaults.Events;

namespace FinanceMarket.Notifications.Grpc;

// The events the inboxes are filled from, delivered by the Dapr sidecar (servers) or the relay's direct
// delivery (embedded), both with the app API token. A notice already added answers SUCCESS again and adds
// nothing (its key); an event that cannot be read answers 422, so the sidecar retries it and then
// dead-letters it. Banks' names come from the catalog's events; an enterprise's from the event that names it.
internal static class NotificationsEvents
{
    public static WebApplication MapNotificationsEvents(this WebApplication app)
    {
        app.UseEventSubscriptions();
        Map<NeedTakenIntegrationEvent>(app, NoticeRules.Taken);
        Map<ApplicationContactedIntegrationEvent>(app, NoticeRules.Contacted);
        Map<ApplicationApprovedIntegrationEvent>(app, NoticeRules.Approved);
        Map<ApplicationRejectedIntegrationEvent>(app, NoticeRules.Rejected);
        Map<ApplicationExpiredIntegrationEvent>(app, NoticeRules.Expired);
        Map<ApplicationSubmittedIntegrationEvent>(app, NoticeRules.Submitted);
        Map<SubsidyPaidIntegrationEvent>(app, NoticeRules.Paid);
        Map<NeedBroadcastIntegrationEvent>(app, NoticeRules.Broadcast);
        Map<ServiceStepOverdueIntegrationEvent>(app, NoticeRules.Overdue);
        Map<ServiceStepDueSoonIntegrationEvent>(app, NoticeRules.DueSoon);
        Map<CreditProfileReadIntegrationEvent>(app, NoticeRules.CreditRead);
        Map<CreditConsentGrantedIntegrationEvent>(app, NoticeRules.ConsentGranted);
        Map<CreditConsentRevokedIntegrationEvent>(app, NoticeRules.ConsentRevoked);
        Map<CreditDataImportedIntegrationEvent>(app, NoticeRules.Imported);
        Name<BankCreatedIntegrationEvent>(app, e => (Audience.Bank(e.BankId).Key, e.Name));
        return app;
    }

    private static void Map<TEvent>(WebApplication app, Func<TEvent, IReadOnlyList<NoticeDraft>> rule) where TEvent : IntegrationEvent =>
        app.MapSubscription<TEvent>(async (TEvent received, HttpContext http, CancellationToken cancellationToken) =>
        {
            IReadOnlyList<NoticeDraft> drafts;
            try
            {
                drafts = rule(received);
            }
            catch (ArgumentException ex)
            {
                return Unreadable<TEvent>(http, received, ex.Message);
            }

            var services = http.RequestServices;
            var time = services.GetRequiredService<TimeProvider>();
            if (await services.GetRequiredService<INotificationStore>().ApplyAsync(drafts, time.GetUtcNow(), () => SortableId.NewGuid(time).ToString(), cancellationToken) > 0)
            {
                services.GetRequiredKeyedService<OutboxSignal>(DeliveryDispatcher.SignalKey).Notify();
            }

            return Results.Ok(new { status = "SUCCESS" });
        });

    private static void Name<TEvent>(WebApplication app, Func<TEvent, (string Key, string Name)> name) where TEvent : IntegrationEvent =>
        app.MapSubscription<TEvent>(async (TEvent received, HttpContext http, CancellationToken cancellationToken) =>
        {
            var (key, value) = name(received);
            if (key.Length <= 2 || string.IsNullOrWhiteSpace(value))
            {
                return Unreadable<TEvent>(http, received, "the id or the name is missing");
            }

            await http.RequestServices.GetRequiredService<INotificationStore>().SetNameAsync(key, value, cancellationToken);
            return Results.Ok(new { status = "SUCCESS" });
        });

    private static IResult Unreadable<TEvent>(HttpContext http, IntegrationEvent received, string reason) where TEvent : IntegrationEvent
    {
        http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(NotificationsEvents))
            .LogError("{Topic} {EventId} cannot be read: {Reason}", PubSub.TopicOf<TEvent>(), received.Id, reason);
        return Results.UnprocessableEntity(new { reason });
    }
}
