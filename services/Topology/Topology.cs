using FinanceMarket.IntegrationEvents;

namespace FinanceMarket;

// The platform's one map: every service, its port in the embedded profile, what it reads over gRPC, the
// proto package it serves and the topics it publishes and subscribes. It is C# rather than a data file so
// that a topic is an event type and a read is another node, both checked by the compiler. Everything else
// follows from it: run.sh starts the processes it names (through tools/Topology), dapr.yaml is rendered
// from it, the gateway routes each proto package to its service, each service subscribes to its topics,
// the relay delivers to whoever subscribes, and the test platform and the deployment tests read it.
public static class Topology
{
    // Embedded profile on one machine: the gateway's two ports and the first of the services' ports.
    public const int RestPort = 8080;
    public const int GrpcPort = 8081;
    public const int FirstServicePort = 5101;

    // In a container every service listens here, and a peer is http://{name}:{ContainerPort} (its
    // Kubernetes Service) unless FinanceMarket:Services:{name} says otherwise.
    public const int ContainerPort = 8080;

    public const string ServicesSection = "FinanceMarket:Services";

    public static readonly ServiceNode Enterprises = new("enterprises", "services/Enterprises", "FinanceMarket.Enterprises", PortOffset: 0,
        ProtoPackage: "financemarket.enterprises.v1",
        Reads: [],
        Publishes: [typeof(EnterpriseRegisteredIntegrationEvent), typeof(EnterpriseCorrectedIntegrationEvent), typeof(AuditRecordedIntegrationEvent)],
        Subscribes: []);

    public static readonly ServiceNode Catalog = new("catalog", "services/Catalog", "FinanceMarket.Catalog", PortOffset: 1,
        ProtoPackage: "financemarket.catalog.v1",
        Reads: [],
        Publishes: [typeof(BankCreatedIntegrationEvent), typeof(ProductListedIntegrationEvent), typeof(ProductDelistedIntegrationEvent), typeof(AuditRecordedIntegrationEvent)],
        Subscribes: []);

    // Public credit data read with the enterprise's consent: what it declared comes from the registry's
    // events, an application's consent from matching's, the banks' names from the catalog's.
    public static readonly ServiceNode Credit = new("credit", "services/Credit", "FinanceMarket.Credit", PortOffset: 6,
        ProtoPackage: "financemarket.credit.v1",
        Reads: [],
        Publishes: [typeof(CreditDataImportedIntegrationEvent), typeof(CreditConsentGrantedIntegrationEvent), typeof(CreditConsentRevokedIntegrationEvent),
            typeof(CreditProfileReadIntegrationEvent), typeof(AuditRecordedIntegrationEvent)],
        Subscribes: [typeof(EnterpriseRegisteredIntegrationEvent), typeof(EnterpriseCorrectedIntegrationEvent), typeof(BankCreatedIntegrationEvent),
            typeof(ApplicationSubmittedIntegrationEvent)]);

    public static readonly ServiceNode Matching = new("matching", "services/Matching", "FinanceMarket.Matching", PortOffset: 2,
        ProtoPackage: "financemarket.matching.v1",
        // The registry and the credit data for who asks; the catalog for the shelf.
        Reads: [Enterprises, Catalog, Credit],
        Publishes: [typeof(NeedMatchedIntegrationEvent), typeof(ApplicationSubmittedIntegrationEvent), typeof(ApplicationApprovedIntegrationEvent),
            typeof(ApplicationRejectedIntegrationEvent), typeof(ApplicationExpiredIntegrationEvent), typeof(AuditRecordedIntegrationEvent),
            typeof(NeedBroadcastIntegrationEvent), typeof(NeedTakenIntegrationEvent), typeof(BroadcastWithdrawnIntegrationEvent),
            typeof(ApplicationContactedIntegrationEvent), typeof(ApplicationWithdrawnIntegrationEvent), typeof(ApplicationReferredIntegrationEvent),
            typeof(ServiceStepOverdueIntegrationEvent), typeof(ServiceStepDueSoonIntegrationEvent)],
        Subscribes: [typeof(ProductListedIntegrationEvent), typeof(ProductDelistedIntegrationEvent)]);

    // The loan ledger: each approved application's loan from its disbursement to its end (issue 18). A service
    // of its own rather than more of matching: a loan lives for years after its application, its writes come
    // from the banks' back offices month after month, and subsidies and totals read it, not the market.
    public static readonly ServiceNode Loans = new("loans", "services/Loans", "FinanceMarket.Loans", PortOffset: 7,
        ProtoPackage: "financemarket.loans.v1",
        Reads: [],
        Publishes: [typeof(LoanEntryRecordedIntegrationEvent)],
        Subscribes: [typeof(ApplicationApprovedIntegrationEvent)]);

    public static readonly ServiceNode Subsidies = new("subsidies", "services/Subsidies", "FinanceMarket.Subsidies", PortOffset: 3,
        ProtoPackage: "financemarket.subsidies.v1",
        // The deal from matching, the balance the interest accrued on from the loan ledger.
        Reads: [Matching, Loans],
        Publishes: [typeof(SubsidyClaimApprovedIntegrationEvent), typeof(SubsidyClaimRejectedIntegrationEvent), typeof(SubsidyPaidIntegrationEvent),
            typeof(AuditRecordedIntegrationEvent)],
        // Subsidies keeps the audit log of every service (its own entries too) and the corrected size classes.
        Subscribes: [typeof(AuditRecordedIntegrationEvent), typeof(EnterpriseCorrectedIntegrationEvent)]);

    public static readonly ServiceNode Totals = new("totals", "services/Totals", "FinanceMarket.Totals", PortOffset: 4,
        ProtoPackage: "financemarket.totals.v1",
        // It reads its sources back to reconcile the figures it counted from their events, and the banks'
        // names for the scorecards and the monthly report.
        Reads: [Enterprises, Catalog, Matching, Loans, Subsidies],
        Publishes: [],
        Subscribes: [typeof(EnterpriseRegisteredIntegrationEvent), typeof(LoanEntryRecordedIntegrationEvent), typeof(ApplicationSubmittedIntegrationEvent), typeof(ApplicationApprovedIntegrationEvent), typeof(ApplicationRejectedIntegrationEvent),
            typeof(ApplicationExpiredIntegrationEvent), typeof(SubsidyPaidIntegrationEvent), typeof(NeedTakenIntegrationEvent),
            typeof(ApplicationContactedIntegrationEvent), typeof(ApplicationWithdrawnIntegrationEvent), typeof(ApplicationReferredIntegrationEvent),
            typeof(ServiceStepOverdueIntegrationEvent)])
    {
        // The servers profile keeps the totals on Redis (the embedded profile on SQLite).
        ServersSettings = new Dictionary<string, string> { ["FinanceMarket:Totals:RedisConnectionString"] = "127.0.0.1:6379" },
    };

    // Each user's inbox, a bank's webhook and SMS, filled from the events that concern them; the names it
    // shows come with the events (a bank's from BankCreated), so it reads no other service.
    public static readonly ServiceNode Notifications = new("notifications", "services/Notifications", "FinanceMarket.Notifications", PortOffset: 5,
        ProtoPackage: "financemarket.notifications.v1",
        Reads: [],
        Publishes: [],
        Subscribes: [typeof(NeedTakenIntegrationEvent), typeof(ApplicationContactedIntegrationEvent), typeof(ApplicationApprovedIntegrationEvent),
            typeof(ApplicationRejectedIntegrationEvent), typeof(ApplicationExpiredIntegrationEvent), typeof(ApplicationSubmittedIntegrationEvent),
            typeof(SubsidyPaidIntegrationEvent), typeof(NeedBroadcastIntegrationEvent), typeof(ServiceStepOverdueIntegrationEvent),
            typeof(ServiceStepDueSoonIntegrationEvent), typeof(BankCreatedIntegrationEvent), typeof(CreditProfileReadIntegrationEvent),
            typeof(CreditConsentGrantedIntegrationEvent), typeof(CreditConsentRevokedIntegrationEvent), typeof(CreditDataImportedIntegrationEvent)]);

    // In start order: each reads only services before it.
    public static IReadOnlyList<ServiceNode> Services { get; } = [Enterprises, Catalog, Credit, Matching, Loans, Subsidies, Totals, Notifications];

    // The gateway serves REST and gRPC on its own two ports and routes each proto package to its service.
    public static readonly ServiceNode Gateway = new("gateway", "gateway", "FinanceMarket.Gateway", PortOffset: -1,
        ProtoPackage: null, Reads: Services, Publishes: [], Subscribes: []);

    public static ServiceNode Service(string name) =>
        Services.FirstOrDefault(s => s.Name == name) ?? throw new ArgumentException($"'{name}' is not a service of the topology", nameof(name));

    public static IEnumerable<ServiceNode> PublishersOf(Type eventType) => Services.Where(s => s.Publishes.Contains(eventType));

    public static IEnumerable<ServiceNode> SubscribersOf(Type eventType) => Services.Where(s => s.Subscribes.Contains(eventType));

    // The configuration key of a peer's base address.
    public static string AddressKey(string name) => $"{ServicesSection}:{name}";

    public static string ContainerAddress(string name) => $"http://{name}:{ContainerPort}";
}

// One process of the platform. Directory is relative to the repository root; Project is the assembly.
public sealed record ServiceNode(
    string Name,
    string Directory,
    string Project,
    int PortOffset,
    string? ProtoPackage,
    IReadOnlyList<ServiceNode> Reads,
    IReadOnlyList<Type> Publishes,
    IReadOnlyList<Type> Subscribes)
{
    // Settings of the servers profile beyond the shared ones (dapr.yaml carries them).
    public IReadOnlyDictionary<string, string> ServersSettings { get; init; } = new Dictionary<string, string>();

    public int EmbeddedPort(int firstServicePort) => firstServicePort + PortOffset;

    public IEnumerable<string> PublishedTopics => Publishes.Select(t => t.Name);

    public IEnumerable<string> SubscribedTopics => Subscribes.Select(t => t.Name);

    // A record compares its lists by reference; a node is its name.
    public bool Equals(ServiceNode? other) => other is not null && other.Name == Name;

    public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Name;
}
