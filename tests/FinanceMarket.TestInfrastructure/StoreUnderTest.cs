using Xunit;
using FinanceMarket.TestInfrastructure;
using FinanceMarket.ServiceDefaults.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FinanceMarket.TestInfrastructure;

public enum StoreKind
{
    Sqlite,
    MongoDb,

    // The totals store on a real redis-server of the test run's own.
    Redis,
}

// Opens a service's store the way the service itself wires it (its own composition, the profile in
// configuration), without serving requests. Reopening with the same settings is a restart.
public sealed class StoreUnderTest(StoreKind kind, Func<string[], Action<WebApplicationBuilder>?, WebApplication> build) : IAsyncDisposable
{
    private readonly List<WebApplication> _apps = [];
    private Dictionary<string, string?>? _settings;

    public async Task<IServiceProvider> OpenAsync()
    {
        _settings ??= await SettingsAsync();
        var app = build(_settings.Select(s => $"--{s.Key}={s.Value}").ToArray(), b => b.Logging.ClearProviders());
        _apps.Add(app);
        if (kind == StoreKind.MongoDb)
        {
            await app.Services.GetRequiredService<IMongoStore>().CreateIndexesAsync(TestContext.Current.CancellationToken);
        }

        return app.Services;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }
    }

    private async Task<Dictionary<string, string?>> SettingsAsync()
    {
        var settings = new Dictionary<string, string?> { ["FinanceMarket:Auth:SigningKey"] = TestData.NewSigningKey() };
        if (kind == StoreKind.MongoDb)
        {
            settings["FinanceMarket:Profile"] = "Servers";
            settings["FinanceMarket:MongoConnectionString"] = await MongoServer.ConnectionStringOrSkipAsync();
            settings["FinanceMarket:MongoDatabase"] = "contract_" + Guid.NewGuid().ToString("N");
            // Publishing is not under test here; the relay must not need a sidecar.
            settings["FinanceMarket:Events:Transport"] = "Direct";
        }
        else if (kind == StoreKind.Redis)
        {
            settings["FinanceMarket:Totals:Store"] = "Redis";
            settings["FinanceMarket:Totals:RedisConnectionString"] = (await RedisServer.SharedAsync()).Address;
            settings["FinanceMarket:Totals:RedisKeyPrefix"] = "contract-" + Guid.NewGuid().ToString("N") + ":";
        }
        else
        {
            settings["FinanceMarket:DataDir"] = TestData.NewTempDir();
        }

        return settings;
    }
}
