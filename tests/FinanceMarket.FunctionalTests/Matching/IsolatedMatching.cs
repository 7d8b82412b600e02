using FinanceMarket.Catalog;
using FinanceMarket.Catalog.V1;
using FinanceMarket.Common.V1;
using FinanceMarket.Enterprises;
using FinanceMarket.Enterprises.V1;
using FinanceMarket.TestInfrastructure;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;

namespace FinanceMarket.FunctionalTests.Matching;

// Enterprises, catalog and matching of their own (own data, own settings), for tests that stop a service
// or move the clock, talking gRPC to the services directly.
public sealed class IsolatedMatching : IAsyncDisposable
{
    private readonly List<ServiceHost> _hosts = [];

    private IsolatedMatching(Platform platform) => Platform = platform;

    public Platform Platform { get; }

    // The services' data folder (matching.db and the others).
    public string DataDir { get; private set; } = "";

    public ServiceHost Enterprises { get; private set; } = null!;

    public ServiceHost Catalog { get; private set; } = null!;

    public ServiceHost Credit { get; private set; } = null!;

    public ServiceHost Matching { get; private set; } = null!;

    public string Uscc { get; } = TestData.NewUscc();

    public string BankId { get; } = TestData.NewBankId();

    public string ProductId { get; private set; } = "";

    public Metadata EnterpriseToken { get; private set; } = null!;

    public Metadata BankToken { get; private set; } = null!;

    public static async Task<IsolatedMatching> StartAsync(Platform platform, IDictionary<string, string?> matchingSettings, Action<WebApplicationBuilder>? configureMatching = null, int slaDays = 3)
    {
        var isolated = new IsolatedMatching(platform);
        var dataDir = TestData.NewTempDir();
        isolated.DataDir = dataDir;
        var root = TestData.RepoRoot();
        isolated.Enterprises = await isolated.AddAsync(ServiceHost.StartAsync(EnterprisesApp.Build, Path.Combine(root, "services", "Enterprises"), platform.ServiceSettings(dataDir: dataDir)));
        isolated.Catalog = await isolated.AddAsync(ServiceHost.StartAsync(CatalogApp.Build, Path.Combine(root, "services", "Catalog"), platform.ServiceSettings(dataDir: dataDir)));
        isolated.Credit = await isolated.AddAsync(ServiceHost.StartAsync(FinanceMarket.Credit.CreditApp.Build, Path.Combine(root, "services", "Credit"), platform.ServiceSettings(dataDir: dataDir)));
        var settings = platform.ServiceSettings(dataDir: dataDir);
        foreach (var (key, value) in matchingSettings)
        {
            settings[key] = value;
        }

        isolated.Matching = await isolated.AddAsync(Platform.StartMatchingAsync(isolated.Enterprises.Address, isolated.Catalog.Address, isolated.Credit.Address, settings, configure: configureMatching));

        isolated.EnterpriseToken = Platform.Bearer(await platform.TokenAsync("enterprise", isolated.Uscc));
        isolated.BankToken = Platform.Bearer(await platform.TokenAsync("bank", isolated.BankId));
        var official = Platform.Bearer(await platform.OfficialAsync());
        var cancel = TestContext.Current.CancellationToken;
        using (var channel = GrpcChannel.ForAddress(isolated.Enterprises.Address))
        {
            await new EnterpriseRegistry.EnterpriseRegistryClient(channel).RegisterEnterpriseAsync(new RegisterEnterpriseRequest
            {
                Uscc = isolated.Uscc, Name = "Yunhe Pump Works", IndustryCode = "C34", RegionCode = "130903", Employees = 45,
                AnnualRevenueFen = 1_200_000_000, TotalAssetsFen = 900_000_000, EstablishedOn = "2015-06-01", TaxCreditRating = TaxCreditRating.B,
            }, official, cancellationToken: cancel);
        }

        using (var channel = GrpcChannel.ForAddress(isolated.Catalog.Address))
        {
            var catalog = new Catalog.V1.Catalog.CatalogClient(channel);
            await catalog.CreateBankAsync(new CreateBankRequest { BankId = isolated.BankId, Name = "Bank of Cangzhou" }, Platform.Bearer(await platform.OfficialAsync("13")), cancellationToken: cancel);
            var product = await catalog.ListProductAsync(new ListProductRequest
            {
                BankId = isolated.BankId, Name = "Credit loan", Kind = ProductKind.Credit, MinAmountFen = 10_000_000, MaxAmountFen = 300_000_000,
                MinTermMonths = 6, MaxTermMonths = 36, RateSpreadBp = 45, Eligibility = new Eligibility(), DecisionSlaDays = slaDays,
            }, isolated.BankToken, cancellationToken: cancel);
            isolated.ProductId = product.ProductId;
        }

        return isolated;
    }

    public Task<T> CallAsync<T>(Func<FinanceMarket.Matching.V1.Matching.MatchingClient, Task<T>> call) => CallAsync(Matching.Address, call);

    public static async Task<T> CallAsync<T>(string address, Func<FinanceMarket.Matching.V1.Matching.MatchingClient, Task<T>> call)
    {
        using var channel = GrpcChannel.ForAddress(address);
        return await call(new FinanceMarket.Matching.V1.Matching.MatchingClient(channel));
    }

    public async Task<T> MarketAsync<T>(Func<FinanceMarket.Matching.V1.Market.MarketClient, Task<T>> call)
    {
        using var channel = GrpcChannel.ForAddress(Matching.Address);
        return await call(new FinanceMarket.Matching.V1.Market.MarketClient(channel));
    }

    public async Task<T> CalendarAsync<T>(Func<FinanceMarket.Matching.V1.WorkingCalendars.WorkingCalendarsClient, Task<T>> call)
    {
        using var channel = GrpcChannel.ForAddress(Matching.Address);
        return await call(new FinanceMarket.Matching.V1.WorkingCalendars.WorkingCalendarsClient(channel));
    }

    public FinanceMarket.Matching.V1.PostFinancingNeedRequest Need() => new() { Uscc = Uscc, AmountFen = 50_000_000, TermMonths = 12, Purpose = "Equipment" };

    public async Task<ServiceHost> AddAsync(Task<ServiceHost> starting)
    {
        var host = await starting;
        _hosts.Add(host);
        return host;
    }

    public async Task StopAsync(ServiceHost host)
    {
        _hosts.Remove(host);
        await host.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _hosts.Count - 1; i >= 0; i--)
        {
            await _hosts[i].DisposeAsync();
        }
    }
}
