using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FinanceMarket.Catalog;
using FinanceMarket.Enterprises;
using FinanceMarket.Gateway;
using FinanceMarket.Matching;
using FinanceMarket.Subsidies;
using FinanceMarket.Totals;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;

[assembly: AssemblyFixture(typeof(FinanceMarket.FunctionalTests.Infrastructure.Platform))]

namespace FinanceMarket.FunctionalTests.Infrastructure;

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

        var root = TestData.RepoRoot();
        // Every service that records audit entries delivers them to subsidies, which keeps the log: its port
        // is chosen first.
        var subsidiesPort = TestData.FreePort();
        var subsidiesAddress = $"http://127.0.0.1:{subsidiesPort}";
        var enterprisesSettings = ServiceSettings(subscriberHost.Address);
        enterprisesSettings["FinanceMarket:Events:Subscribers:1"] = subsidiesAddress;
        Enterprises = await StartServiceAsync(EnterprisesApp.Build, Path.Combine(root, "services", "Enterprises"), enterprisesSettings);
        // Matching and subsidies deliver their events to totals, which reads them back to reconcile: its port
        // is chosen first, and it starts after them.
        var totalsPort = TestData.FreePort();
        var totalsAddress = $"http://127.0.0.1:{totalsPort}";

        // Catalog delivers its product events to matching as well, so matching's port is chosen first.
        var matchingPort = TestData.FreePort();
        var catalogSettings = ServiceSettings(subscriberHost.Address);
        catalogSettings["FinanceMarket:Events:Subscribers:1"] = $"http://127.0.0.1:{matchingPort}";
        catalogSettings["FinanceMarket:Events:Subscribers:2"] = subsidiesAddress;
        Catalog = await StartServiceAsync(CatalogApp.Build, Path.Combine(root, "services", "Catalog"), catalogSettings);
        var matchingSettings = ServiceSettings(subscriberHost.Address);
        matchingSettings["FinanceMarket:Events:Subscribers:1"] = totalsAddress;
        matchingSettings["FinanceMarket:Events:Subscribers:2"] = subsidiesAddress;
        Matching = await StartMatchingAsync(Enterprises.Address, Catalog.Address, matchingSettings, matchingPort);
        _hosts.Add(Matching);
        var subsidiesSettings = ServiceSettings(subscriberHost.Address);
        subsidiesSettings["FinanceMarket:Subsidies:MatchingAddress"] = Matching.Address;
        subsidiesSettings["FinanceMarket:Events:Subscribers:1"] = totalsAddress;
        subsidiesSettings["FinanceMarket:Events:Subscribers:2"] = subsidiesAddress;
        // Interest is claimed once it has accrued: subsidies lives SubsidiesAhead in the future, so a loan
        // approved today has a year of accrued interest to claim.
        Subsidies = await ServiceHost.StartAsync(
            (args, own) => SubsidiesApp.Build(args, b =>
            {
                own?.Invoke(b);
                b.Services.AddSingleton<TimeProvider>(new ShiftedTimeProvider(SubsidiesAhead));
            }),
            Path.Combine(root, "services", "Subsidies"), subsidiesSettings, port: subsidiesPort);
        _hosts.Add(Subsidies);
        var totalsSettings = ServiceSettings();
        totalsSettings["FinanceMarket:Totals:MatchingAddress"] = Matching.Address;
        totalsSettings["FinanceMarket:Totals:SubsidiesAddress"] = Subsidies.Address;
        Totals = await ServiceHost.StartAsync(TotalsApp.Build, Path.Combine(root, "services", "Totals"), totalsSettings, port: totalsPort);
        _hosts.Add(Totals);

        var (gateway, rest, grpc) = await StartGatewayAsync(new Dictionary<string, string?>());
        _hosts.Add(gateway);
        RestAddress = rest;
        GrpcAddress = grpc;
    }

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
            settings["FinanceMarket:Events:Subscribers:0"] = subscriber;
        }

        foreach (var (key, value) in Auth)
        {
            settings[key] = value;
        }

        return settings;
    }

    // A gateway in front of this platform's services; extra settings (rate limits) for tests that need them.
    public Task<(ServiceHost Host, string RestAddress, string GrpcAddress)> StartGatewayAsync(IDictionary<string, string?> extra) =>
        StartGatewayAsync(new Dictionary<string, string>
        {
            ["enterprises"] = Enterprises.Address,
            ["catalog"] = Catalog.Address,
            ["matching"] = Matching.Address,
            ["subsidies"] = Subsidies.Address,
            ["totals"] = Totals.Address,
        }, extra);

    // A gateway in front of the given services (cluster name → address), with this platform's signing key.
    public async Task<(ServiceHost Host, string RestAddress, string GrpcAddress)> StartGatewayAsync(IReadOnlyDictionary<string, string> clusters, IDictionary<string, string?> extra)
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
        foreach (var (name, address) in clusters)
        {
            settings[$"ReverseProxy:Clusters:{name}:Destinations:{name}:Address"] = address;
        }

        foreach (var (key, value) in Auth.Concat(GatewayAuth).Concat(extra))
        {
            settings[key] = value;
        }

        var host = await ServiceHost.StartAsync(GatewayApp.Build, Path.Combine(TestData.RepoRoot(), "gateway"), settings, bindOwnPort: false);
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
        string enterprises, string catalog, Dictionary<string, string?> settings, int port = 0, Action<Microsoft.AspNetCore.Builder.WebApplicationBuilder>? configure = null)
    {
        settings["FinanceMarket:Matching:EnterprisesAddress"] = enterprises;
        settings["FinanceMarket:Matching:CatalogAddress"] = catalog;
        return ServiceHost.StartAsync(
            (args, own) => MatchingApp.Build(args, b =>
            {
                own?.Invoke(b);
                configure?.Invoke(b);
            }),
            Path.Combine(TestData.RepoRoot(), "services", "Matching"), settings, port: port);
    }

    private async Task<ServiceHost> StartServiceAsync(Func<string[], Action<Microsoft.AspNetCore.Builder.WebApplicationBuilder>?, Microsoft.AspNetCore.Builder.WebApplication> build, string contentRoot, Dictionary<string, string?> settings)
    {
        var host = await ServiceHost.StartAsync(build, contentRoot, settings);
        _hosts.Add(host);
        return host;
    }
}
