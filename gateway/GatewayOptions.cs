namespace FinanceMarket.Gateway;

// Bound from "FinanceMarket:Gateway". The environment variables of API.md (FINANCEMARKET_REST_PORT,
// FINANCEMARKET_GRPC_PORT) land here through the FINANCEMARKET_ prefix mapping in GatewayApp.
public sealed class GatewayOptions
{
    public const string Section = "FinanceMarket:Gateway";

    public string BindAddress { get; set; } = "127.0.0.1";

    // REST and pages: HTTP/1.1.
    public int RestPort { get; set; } = 8080;

    // gRPC: cleartext HTTP/2 (h2c).
    public int GrpcPort { get; set; } = 8081;

    // Per token subject (or client address when anonymous).
    public int PermitsPerSecond { get; set; } = 200;

    public int Burst { get; set; } = 400;
}
