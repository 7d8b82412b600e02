namespace FinanceMarket.Notifications.Model;

// Which deliveries a notice goes out with, and how an attempt moves one.
public static class Deliveries
{
    // A bank's webhook gets every notice of its inbox, a digest's each need as its own OPPORTUNITY (a
    // machine wants each one); an SMS number gets each notice once, a digest's when the day's first need
    // arrives (a phone is not told of every need).
    public static IReadOnlyList<Delivery> For(
        NoticeDraft draft, Notice notice, bool created, bool hasWebhook, bool hasSms, DateTimeOffset now, Func<string> newId)
    {
        List<Delivery> deliveries = [];
        if (hasWebhook)
        {
            deliveries.Add(New(newId(), DeliveryChannel.Webhook, draft, notice, now));
        }

        if (hasSms && (created || draft.DigestNeedId is null))
        {
            deliveries.Add(New(newId(), DeliveryChannel.Sms, draft, notice, now));
        }

        return deliveries;
    }

    // After one attempt: delivered, or waiting longer each time, or failed for good after the last.
    public static Delivery Attempted(Delivery d, DateTimeOffset at, string? target, int statusCode, string? error, TimeSpan firstWait)
    {
        var attempts = d.Attempts + 1;
        if (error is null)
        {
            return d with { Status = DeliveryStatus.Delivered, Attempts = attempts, DeliveredAt = at, Target = target, LastStatusCode = statusCode, LastError = null };
        }

        var failed = attempts >= OutboundRules.MaxAttempts;
        return d with
        {
            Status = failed ? DeliveryStatus.Failed : DeliveryStatus.Pending,
            Attempts = attempts,
            NextAttemptAt = failed ? at : at + OutboundRules.Backoff(attempts, firstWait),
            Target = target,
            LastStatusCode = statusCode,
            LastError = error.Length > 500 ? error[..500] : error,
        };
    }

    // Nowhere to send it any more (the webhook or the number was removed): failed without an attempt.
    public static Delivery Abandoned(Delivery d, DateTimeOffset at, string why) =>
        d with { Status = DeliveryStatus.Failed, NextAttemptAt = at, LastError = why };

    private static Delivery New(string id, DeliveryChannel channel, NoticeDraft draft, Notice notice, DateTimeOffset now) =>
        new(id, channel, draft.To.Key, notice.NotificationId, draft.WebhookType, draft.DigestNeedId, DeliveryStatus.Pending, 0, now, now, null, null, 0, null);
}
