namespace FinanceMarket.ServiceDefaults.Hosting;

public enum InfrastructureProfile
{
    // One machine, nothing to install: SQLite files and direct CloudEvent delivery.
    Embedded,

    // Production: MongoDB documents and Dapr pub/sub.
    Servers,
}

// Bound from the "FinanceMarket" configuration section; which adapters run is decided here and nowhere else.
public sealed class InfrastructureOptions
{
    public const string Section = "FinanceMarket";

    public InfrastructureProfile Profile { get; set; } = InfrastructureProfile.Embedded;

    // Embedded: one folder holds a SQLite file per service.
    public string DataDir { get; set; } = ".data";

    // Servers: the MongoDB connection string (a replica set: the outbox uses transactions).
    public string? MongoConnectionString { get; set; }

    // Servers: defaults to the service name.
    public string? MongoDatabase { get; set; }

    public EventOptions Events { get; set; } = new();

    // Embedded, demo only: the file of the DemoClock that the replay moves forward; unset = the system clock.
    public string? DemoClockFile { get; set; }

    // Embedded, the fault replay only (./run.sh --demo --faults): faults switched on by files in <DataDir>/faults.
    public bool FaultFiles { get; set; }

    public bool PublishesThroughDapr => Events.Transport == EventTransport.Dapr
        || (Events.Transport == EventTransport.Profile && Profile == InfrastructureProfile.Servers);
}

public enum EventTransport
{
    // Follows the profile: Direct when embedded, Dapr on servers.
    Profile,
    Direct,
    Dapr,
}

public sealed class EventOptions
{
    public EventTransport Transport { get; set; } = EventTransport.Profile;

    // Dapr: the sidecar's gRPC endpoint; empty takes DAPR_GRPC_ENDPOINT / DAPR_GRPC_PORT as the SDK does.
    public string? DaprGrpcEndpoint { get; set; }

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public int BatchSize { get; set; } = 100;

    // How long published events stay in the outbox for inspection before the relay removes them.
    public TimeSpan KeepPublished { get; set; } = TimeSpan.FromDays(7);

    // After this many failed deliveries of one event the relay parks it and says so in the log; 0, the
    // default, retries until the broker accepts, since an outage must delay events, never lose them.
    public int MaxAttempts { get; set; }

    // Direct delivery: after this many deliveries a subscriber refused as unprocessable (4xx), the event goes
    // to the subscription's dead-letter topic instead, as daprd does when its retries are spent; 0 never.
    public int DeadLetterAfter { get; set; } = 5;
}
