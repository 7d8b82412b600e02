using Xunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Builder;

namespace FinanceMarket.TestInfrastructure;

// What every contract suite shares: the store under test, opened per test, and its clean-up.
public abstract class StoreContract(StoreKind kind, Func<string[], Action<WebApplicationBuilder>?, WebApplication> build) : IAsyncDisposable
{
    protected StoreUnderTest Store { get; } = new(kind, build);

    protected static CancellationToken Cancel => TestContext.Current.CancellationToken;

    // An audit entry as the services record one beside an official's or the operator's write.
    protected static FinanceMarket.IntegrationEvents.AuditRecordedIntegrationEvent Audit(string target, string region = "") =>
        new("operator", "operator-1", "", "test.write", region, target, null, "{}", null);

    // The topics the store's outbox holds, in the order the relay hands them out (each ordering key's
    // events after one another), marking each published as the relay would.
    protected static async Task<List<string>> PendingTopicsAsync(IServiceProvider services)
    {
        var outbox = services.GetRequiredService<FinanceMarket.ServiceDefaults.Events.IOutboxStore>();
        var topics = new List<string>();
        while (await outbox.PendingAsync(1000, DateTimeOffset.UtcNow.AddYears(1), Cancel) is { Count: > 0 } pending)
        {
            foreach (var message in pending)
            {
                topics.Add(message.Topic);
                await outbox.MarkPublishedAsync(message.Id, DateTimeOffset.UtcNow, Cancel);
            }
        }

        return topics;
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
