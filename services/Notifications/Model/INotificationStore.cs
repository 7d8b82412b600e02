namespace FinanceMarket.Notifications.Model;

// The inboxes, the names they show, the banks' webhooks, the SMS numbers and the deliveries on their way.
public interface INotificationStore
{
    // Adds each draft's notice once by its key (a digest draft: counts its need once in the day's notice),
    // with a delivery to the inbox's webhook and SMS number where set, all in one change. Returns how many
    // notices were added or grew.
    Task<int> ApplyAsync(IReadOnlyList<NoticeDraft> drafts, DateTimeOffset now, Func<string> newId, CancellationToken cancellationToken);

    // A display name by audience key ("B:{bankId}", "E:{uscc}"), learnt from the owners' events.
    Task SetNameAsync(string key, string name, CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<string, string>> NamesAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken);

    // Newest first; the page key is the notification id.
    Task<Page<InboxItem>> ListAsync(InboxQuery query, int pageSize, string? after, CancellationToken cancellationToken);

    // Unread notices of the inbox, counted up to `cap`.
    Task<int> CountUnreadAsync(InboxQuery query, int cap, CancellationToken cancellationToken);

    Task<InboxItem?> FindAsync(string notificationId, string reader, CancellationToken cancellationToken);

    Task MarkReadAsync(string notificationId, string reader, DateTimeOffset at, CancellationToken cancellationToken);

    Task<WebhookRegistration?> WebhookAsync(string bankId, CancellationToken cancellationToken);

    Task PutWebhookAsync(WebhookRegistration registration, CancellationToken cancellationToken);

    Task<bool> DeleteWebhookAsync(string bankId, CancellationToken cancellationToken);

    Task<SmsRegistration?> SmsAsync(string audienceKey, CancellationToken cancellationToken);

    Task PutSmsAsync(SmsRegistration registration, CancellationToken cancellationToken);

    Task<bool> DeleteSmsAsync(string audienceKey, CancellationToken cancellationToken);

    // PENDING deliveries whose next attempt is due, oldest first.
    Task<IReadOnlyList<Delivery>> DueDeliveriesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    // Takes a due delivery for one attempt by moving its next attempt to `until`, unless another replica's
    // dispatcher took it first (its next attempt no longer what this one read).
    Task<bool> TryClaimDeliveryAsync(Delivery delivery, DateTimeOffset until, CancellationToken cancellationToken);

    // Saves an attempt's outcome, unless the claim (`claimedUntil`) lapsed and another dispatcher took the
    // delivery meanwhile: its outcome is the one that counts then.
    Task<bool> UpdateDeliveryAsync(Delivery delivery, DateTimeOffset claimedUntil, CancellationToken cancellationToken);

    // An inbox's deliveries on one channel, newest first; the page key is the delivery id.
    Task<Page<Delivery>> ListDeliveriesAsync(string audienceKey, DeliveryChannel channel, int pageSize, string? after, CancellationToken cancellationToken);
}
