using FinanceMarket.TestInfrastructure;
using FinanceMarket.Domain;
using FinanceMarket.Subsidies;
using FinanceMarket.Subsidies.Infrastructure;
using FinanceMarket.Subsidies.Model;
using Microsoft.Extensions.DependencyInjection;

namespace FinanceMarket.StoreContracts;

// One contract, every adapter: subsidies keeps the latest corrected size of each enterprise, whatever
// order the corrections arrive in and however often.
public abstract class EnterpriseSizesContract(StoreKind kind) : StoreContract(kind, SubsidiesApp.Build)
{
    [Fact]
    public async Task The_latest_correction_is_kept_and_older_or_repeated_ones_change_nothing()
    {
        var sizes = (await Store.OpenAsync()).GetRequiredService<IEnterpriseSizes>();
        var uscc = FinanceMarket.TestInfrastructure.TestData.NewUscc();
        Assert.Null(await sizes.CorrectedSizeOfAsync(uscc, Cancel));

        await sizes.ApplyAsync(uscc, SizeClass.Medium, 1, Cancel);
        Assert.Equal(SizeClass.Medium, await sizes.CorrectedSizeOfAsync(uscc, Cancel));
        await sizes.ApplyAsync(uscc, SizeClass.Small, 3, Cancel);
        await sizes.ApplyAsync(uscc, SizeClass.Large, 2, Cancel);
        await sizes.ApplyAsync(uscc, SizeClass.Micro, 3, Cancel);
        Assert.Equal(SizeClass.Small, await sizes.CorrectedSizeOfAsync(uscc, Cancel));
        Assert.Null(await sizes.CorrectedSizeOfAsync(FinanceMarket.TestInfrastructure.TestData.NewUscc(), Cancel));
    }
}

public sealed class SqliteEnterpriseSizesTests() : EnterpriseSizesContract(StoreKind.Sqlite);

public sealed class MongoEnterpriseSizesTests() : EnterpriseSizesContract(StoreKind.MongoDb);
