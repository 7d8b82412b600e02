using Xunit;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FinanceMarket.Gateway;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;

namespace FinanceMarket.TestInfrastructure;

// The embedded platform as run.sh starts it, in this process: every service on SQLite
// in a temp folder, the gateway in front on two free ports, and a subscriber receiving every event.
public sealed class Platform : IAsyncLifetime
{
    private readonly List<ServiceHost> _hosts = [];

    // Other sign-in settings than the local key: Auth for every process, GatewayAuth for the gateway only.
    public IReadOnlyDictionary<string, string?> Auth { get; init; } = new Dictionary<string, string?>();

    public IReadOnlyDictionary<string, string?> GatewayAuth { get; init; } = new Dictionary<string, string?>();

    public string DataDir { get; } = TestData.NewTempDir();

    public string SigningKey { get; } = TestData.NewSigningKey();

    public string RestAddress { get; private set; } = "";

    public string GrpcAddress { get; private set; } = "";

    public RecordingSubscriber Events { get; private set; } = null!;

    // Every service of the topology by name; the five by name below for the tests that address one.
    public IReadOnlyDictionary<string, ServiceHost> Services { get; private set; } = new Dictionary<string, ServiceHost>();

    public ServiceHost Enterprises { get; private set; } = null!;

    public ServiceHost Catalog { get; private set; } = null!;

    public ServiceHost Matching { get; private set; } = null!;

    public ServiceHost Subsidies { get; private set; } = null!;

    public ServiceHost Totals { get; private set; } = null!;

    public static readonly TimeSpan SubsidiesAhead = TimeSpan.FromDays(400);

    public string AppApiToken { get; } = TestData.NewSigningKey();

    public async ValueTask InitializeAsync()
    {
        var (subscriberHost, subscriber) = await RecordingSubscriber.StartAsync();
        _hosts.Add(subscriberHost);
        Events = subscriber;

        // As run.sh does: every service's port is chosen first, every process is told every address (and the
        // recorder's: it is one more app the relays ask whether it subscribes), and they start in the
        // topology's order.
        var addresses = Topology.Services.ToDictionary(s => s.Name, _ => $"http://127.0.0.1:{TestData.FreePort()}");
        var hosts = new Dictionary<string, ServiceHost>();
        foreach (var service in Topology.Services)
        {
            var settings = ServiceSettings(subscriberHost.Address);
            foreach (var (name, address) in addresses)
            {
                settings[Topology.AddressKey(name)] = address;
            }

            // Interest is claimed once it has accrued: subsidies lives SubsidiesAhead in the future, so a loan
            // approved today has a year of accrued interest to claim; the loan ledger too, so a bank can record a
            // year of a loan's life (repayments, a missed instalment) from the contract date matching allows today.
            Action<Microsoft.AspNetCore.Builder.WebApplicationBuilder>? configure = service == Topology.Subsidies || service == Topology.Loans
                ? b => b.Services.AddSingleton<TimeProvider>(new ShiftedTimeProvider(SubsidiesAhead))
                : null;
            hosts[service.Name] = await StartServiceAsync(service, settings, new Uri(addresses[service.Name]).Port, configure);
            _hosts.Add(hosts[service.Name]);
        }

        Services = hosts;
        (Enterprises, Catalog, Matching, Subsidies, Totals) = (hosts["enterprises"], hosts["catalog"], hosts["matching"], hosts["subsidies"], hosts["totals"]);
        var (gateway, rest, grpc) = await StartGatewayAsync(new Dictionary<string, string?>());
        _hosts.Add(gateway);
        RestAddress = rest;
        GrpcAddress = grpc;
    }

    // A service of the topology in this process, built as its Program builds it (FinanceMarket.X.XApp.Build).
    public static Task<ServiceHost> StartServiceAsync(ServiceNode service, Dictionary<string, string?> settings, int port = 0,
        Action<Microsoft.AspNetCore.Builder.WebApplicationBuilder>? configure = null)
    {
        // FinanceMarket.CreditReports → FinanceMarket.CreditReports.CreditReportsApp.
        var app = Type.GetType($"{service.Project}.{service.Project.Split('.')[^1]}App, {service.Project}", throwOnError: true)!;
        var build = app.GetMethod("Build", [typeof(string[]), typeof(Action<Microsoft.AspNetCore.Builder.WebApplicationBuilder>)])!
            .CreateDelegate<Func<string[], Action<Microsoft.AspNetCore.Builder.WebApplicationBuilder>?, Microsoft.AspNetCore.Builder.WebApplication>>();
        return ServiceHost.StartAsync(
            (args, own) => build(args, b =>
            {
                own?.Invoke(b);
                configure?.Invoke(b);
            }),
            Path.Combine(TestData.RepoRoot(), service.Directory), settings, port: port);
    }

    // The settings every process of a test platform shares; the recorder (when given) is an app the relays
    // deliver to whatever it subscribes to.
    public Dictionary<string, string?> ServiceSettings(string? subscriber = null, string? dataDir = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["FinanceMarket:DataDir"] = dataDir ?? DataDir,
            ["FinanceMarket:Auth:SigningKey"] = SigningKey,
            ["FinanceMarket:Events:PollInterval"] = "00:00:00.200",
            ["APP_API_TOKEN"] = AppApiToken,
        };
        if (subscriber is not null)
        {
            settings[Topology.AddressKey(RecordingSubscriber.AppName)] = subscriber;
        }

        foreach (var (key, value) in Auth)
        {
            settings[key] = value;
        }

        return settings;
    }

    // A gateway in front of this platform's services; extra settings (rate limits) for tests that need them.
    public Task<(ServiceHost Host, string RestAddress, string GrpcAddress)> StartGatewayAsync(IDictionary<string, string?> extra) =>
        StartGatewayAsync(Services.ToDictionary(s => s.Key, s => s.Value.Address), extra);

    // A gateway in front of the given services (name → address), with this platform's signing key.
    public async Task<(ServiceHost Host, string RestAddress, string GrpcAddress)> StartGatewayAsync(IReadOnlyDictionary<string, string> services, IDictionary<string, string?> extra)
    {
        var restPort = TestData.FreePort();
        var grpcPort = TestData.FreePort();
        var settings = new Dictionary<string, string?>
        {
            ["FinanceMarket:Auth:SigningKey"] = SigningKey,
            ["FinanceMarket:Auth:EnableDevTokens"] = "true",
            ["FinanceMarket:Gateway:RestPort"] = restPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["FinanceMarket:Gateway:GrpcPort"] = grpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (name, address) in services)
        {
            settings[Topology.AddressKey(name)] = address;
        }

        foreach (var (key, value) in Auth.Concat(GatewayAuth).Concat(extra))
        {
            settings[key] = value;
        }

        var host = await ServiceHost.StartAsync(GatewayApp.Build, Path.Combine(TestData.RepoRoot(), Topology.Gateway.Directory), settings, bindOwnPort: false);
        return (host, $"http://127.0.0.1:{restPort}", $"http://127.0.0.1:{grpcPort}");
    }

    public HttpClient Rest(string? token = null, string? address = null)
    {
        var http = new HttpClient { BaseAddress = new Uri(address ?? RestAddress) };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return http;
    }

    public GrpcChannel Grpc() => GrpcChannel.ForAddress(GrpcAddress);

    public static Metadata Bearer(string token) => new() { { "Authorization", "Bearer " + token } };

    public async Task<string> TokenAsync(string role, string subject, string? region = null)
    {
        using var http = Rest();
        using var response = await http.PostAsJsonAsync("/api/v1/dev/tokens", new { role, subject, region }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken);
        return (string)body!["token"]!;
    }

    public Task<string> OfficialAsync(string region = "130903") => TokenAsync("official", "official-" + Guid.NewGuid().ToString("N")[..6], region);

    public async ValueTask DisposeAsync()
    {
        for (var i = _hosts.Count - 1; i >= 0; i--)
        {
            await _hosts[i].DisposeAsync();
        }

        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold a pooled handle for a moment; the temp folder is reclaimed later.
        }
    }

    // A matching service reading the given enterprises and catalog; tests that stop one of those start their own.
    public static Task<ServiceHost> StartMatchingAsync(
        string enterprises, string catalog, string credit, Dictionary<string, string?> settings, int port = 0,
        Action<Microsoft.AspNetCore.Builder.WebApplicationBuilder>? configure = null)
    {
        settings[Topology.AddressKey(Topology.Enterprises.Name)] = enterprises;
        settings[Topology.AddressKey(Topology.Catalog.Name)] = catalog;
        settings[Topology.AddressKey(Topology.Credit.Name)] = credit;
        return StartServiceAsync(Topology.Matching, settings, port, configure);
    }
}
