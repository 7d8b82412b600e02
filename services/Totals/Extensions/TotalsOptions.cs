namespace FinanceMarket.Totals.Extensions;

public enum TotalsStoreKind
{
    // Follows the profile: SQLite embedded, Redis on servers.
    Profile,
    Sqlite,
    Redis,
}

// Bound from "FinanceMarket:Totals".
public sealed class TotalsOptions
{
    public const string Section = "FinanceMarket:Totals";

    public TotalsStoreKind Store { get; set; } = TotalsStoreKind.Profile;

    // StackExchange.Redis configuration, e.g. "redis:6379,password=...".
    public string? RedisConnectionString { get; set; }

    // Every key this service writes starts with it, so one Redis can hold several deployments (or tests).
    public string RedisKeyPrefix { get; set; } = "totals:";

    public ServiceDefaults.Hosting.RemoteCallOptions Calls { get; set; } = new();

    // How often WatchTotals looks for a change.
    public TimeSpan WatchInterval { get; set; } = TimeSpan.FromSeconds(1);

    // WatchTotals streams one subject may hold open at once (a dashboard or two per official).
    public int MaxWatchesPerSubject { get; set; } = 4;
}
