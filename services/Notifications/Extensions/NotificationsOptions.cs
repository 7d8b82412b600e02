namespace FinanceMarket.Notifications.Extensions;

// Bound from "FinanceMarket:Notifications".
public sealed class NotificationsOptions
{
    public const string Section = "FinanceMarket:Notifications";

    // Whether a webhook may be plain http or reach a loopback or private address. Unset: allowed in the
    // embedded profile (one machine: the bank's receiver runs beside the platform), refused on servers,
    // where such an address is the platform's own network.
    public bool? AllowPrivateWebhooks { get; set; }

    // How long one POST may take before it counts as failed.
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);

    // The wait after the first failed attempt; it doubles after each (OutboundRules.Backoff).
    public TimeSpan FirstRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    // How often the dispatcher looks for deliveries due, besides being woken by a new one.
    public TimeSpan DispatchEvery { get; set; } = TimeSpan.FromSeconds(5);

    // Where the local SMS adapter writes each message (default: sms.log in the data folder).
    public string? SmsLogPath { get; set; }
}
