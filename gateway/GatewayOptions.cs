namespace FinanceMarket.Gateway;

// Bound from "FinanceMarket:Gateway". The environment variables of docs/api.md (FINANCEMARKET_REST_PORT,
// FINANCEMARKET_GRPC_PORT) land here through the FINANCEMARKET_ prefix mapping in GatewayApp.
public sealed class GatewayOptions
{
    public const string Section = "FinanceMarket:Gateway";

    public string BindAddress { get; set; } = "127.0.0.1";

    // REST and pages: HTTP/1.1.
    public int RestPort { get; set; } = 8080;

    // gRPC: cleartext HTTP/2 (h2c).
    public int GrpcPort { get; set; } = 8081;

    // Each signed-in subject's budget of reads (GET, and the gRPC methods whose HTTP rule is a GET).
    public int PermitsPerSecond { get; set; } = 200;

    public int Burst { get; set; } = 400;

    // The same subject's budget of writes (every other method), separate from its reads.
    public int WritePermitsPerSecond { get; set; } = 100;

    public int WriteBurst { get; set; } = 400;

    // Posting a financing need matches it against the whole shelf: the dearest write has its own budget.
    public int NeedPermitsPerSecond { get; set; } = 25;

    public int NeedBurst { get; set; } = 100;

    // Opening a stream (WatchTotals, StreamPaidClaims); how many stay open is the service's limit.
    public int StreamPermitsPerSecond { get; set; } = 2;

    public int StreamBurst { get; set; } = 10;

    // Requests without a token, per client address: the pages' sign-in configuration, health. (The pages
    // themselves are served before the limiter; local mode's demo tokens and clock are not limited.)
    public int AnonymousPermitsPerSecond { get; set; } = 100;

    public int AnonymousBurst { get; set; } = 400;

    // Requests whose token was refused, per client address, in a budget of their own, so that a flood of
    // bad tokens from one address does not use up the anonymous budget of everyone behind it.
    public int BadTokenPermitsPerSecond { get; set; } = 10;

    public int BadTokenBurst { get; set; } = 50;

    // Requests in flight at once through this gateway, streams apart; beyond it, 429 at once.
    public int MaxConcurrentRequests { get; set; } = 512;

    // Addresses or networks (CIDR) of the proxies in front of the gateway (the ingress), whose
    // X-Forwarded-For names the client. From any other peer the header is ignored.
    public string[] TrustedProxies { get; set; } = [];
}
