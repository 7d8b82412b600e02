using Microsoft.AspNetCore.Builder;

namespace FinanceMarket.FunctionalTests.Contracts;

// What every contract suite shares: the store under test, opened per test, and its clean-up.
public abstract class StoreContract(StoreKind kind, Func<string[], Action<WebApplicationBuilder>?, WebApplication> build) : IAsyncDisposable
{
    protected StoreUnderTest Store { get; } = new(kind, build);

    protected static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
