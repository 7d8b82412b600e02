using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FinanceMarket.Catalog;
using FinanceMarket.Enterprises;
using FinanceMarket.Gateway;
using Grpc.Core;
using Grpc.Net.Client;

[assembly: AssemblyFixture(typeof(FinanceMarket.FunctionalTests.Infrastructure.Platform))]

namespace FinanceMarket.FunctionalTests.Infrastructure;

// The embedded platform as run.sh starts it, in this process: enterprises and catalog on SQLite in a
// temp folder, the gateway in front on two free ports, and a subscriber receiving their events.
public sealed class Platform : IAsyncLifetime
{
    private readonly List<ServiceHost> _hosts = [];

    public string DataDir { get; } = TestData.NewTempDir();

    public string SigningKey { get; } = TestData.NewSigningKey();

    public string RestAddress { get; private set; } = "";

    public string GrpcAddress { get; private set; } = "";

    public RecordingSubscriber Events { get; private set; } = null!;

    public ServiceHost Enterprises { get; private set; } = null!;

    public ServiceHost Catalog { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var (subscriberHost, subscriber) = await RecordingSubscriber.StartAsync();
        _hosts.Add(subscriberHost);
        Events = subscriber;

        var root = TestData.RepoRoot();
        Enterprises = await StartServiceAsync(EnterprisesApp.Build, Path.Combine(root, "services", "Enterprises"), subscriberHost.Address);
        Catalog = await StartServiceAsync(CatalogApp.Build, Path.Combine(root, "services", "Catalog"), subscriberHost.Address);

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
        };
        if (subscriber is not null)
        {
            settings["FinanceMarket:Events:Subscribers:0"] = subscriber;
        }

        return settings;
    }

    // A gateway in front of this platform's services; extra settings (rate limits) for tests that need them.
    public async Task<(ServiceHost Host, string RestAddress, string GrpcAddress)> StartGatewayAsync(IDictionary<string, string?> extra)
    {
        var restPort = TestData.FreePort();
        var grpcPort = TestData.FreePort();
        var settings = new Dictionary<string, string?>
        {
            ["FinanceMarket:Auth:SigningKey"] = SigningKey,
            ["FinanceMarket:Auth:EnableDevTokens"] = "true",
            ["FinanceMarket:Gateway:RestPort"] = restPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["FinanceMarket:Gateway:GrpcPort"] = grpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ReverseProxy:Clusters:enterprises:Destinations:enterprises:Address"] = Enterprises.Address,
            ["ReverseProxy:Clusters:catalog:Destinations:catalog:Address"] = Catalog.Address,
        };
        foreach (var (key, value) in extra)
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

    private async Task<ServiceHost> StartServiceAsync(Func<string[], Action<Microsoft.AspNetCore.Builder.WebApplicationBuilder>?, Microsoft.AspNetCore.Builder.WebApplication> build, string contentRoot, string subscriber)
    {
        var host = await ServiceHost.StartAsync(build, contentRoot, ServiceSettings(subscriber));
        _hosts.Add(host);
        return host;
    }
}
