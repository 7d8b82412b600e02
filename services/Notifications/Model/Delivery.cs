namespace FinanceMarket.Notifications.Model;

[WireNames]
public enum DeliveryChannel
{
    Webhook = 1,
    Sms = 2,
}

[WireNames]
public enum DeliveryStatus
{
    Pending = 1,
    Delivered = 2,
    Failed = 3,
}

// One notice on its way out of the platform: a POST to a bank's webhook or an SMS. Saved with the notice it
// carries (so it exists exactly when the notice does) and sent by the dispatcher, which retries it with a
// growing wait until it is delivered or out of attempts. NeedId is the opportunity a digest's delivery is.
public sealed record Delivery(
    string DeliveryId,
    DeliveryChannel Channel,
    string AudienceKey,
    string NotificationId,
    string Type,
    string? NeedId,
    DeliveryStatus Status,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset? DeliveredAt,
    string? Target,
    int LastStatusCode,
    string? LastError);

// Where a bank's notices are POSTed and the secret they are signed with (never shown again).
public sealed record WebhookRegistration(string BankId, string Url, string Secret, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

// The mobile number an inbox's notices are also sent to.
public sealed record SmsRegistration(string AudienceKey, string Phone, DateTimeOffset UpdatedAt);
