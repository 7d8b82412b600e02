using FinanceMarket.TestInfrastructure;
using FinanceMarket.Catalog;
using FinanceMarket.Catalog.Infrastructure;
using FinanceMarket.Catalog.Model;
using FinanceMarket.Domain;
using FinanceMarket.IntegrationEvents;
using FinanceMarket.ServiceDefaults.Events;
using FinanceMarket.ServiceDefaults.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace FinanceMarket.StoreContracts;

// One contract, every adapter: what the catalog may rely on from its store.
public abstract class CatalogStoreContract(StoreKind kind) : StoreContract(kind, CatalogApp.Build)
{
    [Fact]
    public async Task Banks_are_created_once_found_and_listed_in_id_order()
    {
        var store = await StoreAsync();
        var banks = new[] { "icbc-cangzhou", "bank-of-cangzhou", "ccb-cangzhou" }.Select(id => new Bank(id, id.ToUpperInvariant(), Now)).ToList();
        foreach (var bank in banks)
        {
            Assert.True(await store.TryCreateBankAsync(bank, [new BankCreatedIntegrationEvent(bank.BankId, bank.Name)], Cancel));
        }

        Assert.False(await store.TryCreateBankAsync(banks[0] with { Name = "again" }, [new BankCreatedIntegrationEvent(banks[0].BankId, "again")], Cancel));
        Assert.Equal(banks[0], await store.FindBankAsync("icbc-cangzhou", Cancel));
        Assert.Null(await store.FindBankAsync("nobody", Cancel));
        var page1 = await store.ListBanksAsync(2, null, Cancel);
        var page2 = await store.ListBanksAsync(2, page1.LastKey, Cancel);
        Assert.Equal(["bank-of-cangzhou", "ccb-cangzhou", "icbc-cangzhou"], page1.Items.Concat(page2.Items).Select(b => b.BankId));
    }

    [Fact]
    public async Task A_bank_lists_no_more_than_the_cap_even_when_its_listings_race_and_a_delisting_makes_room()
    {
        var services = await Store.OpenAsync();
        var store = services.GetRequiredService<ICatalogStore>();
        var outbox = services.GetRequiredService<IOutboxStore>();
        await store.TryCreateBankAsync(new Bank("boc-cangzhou", "BOC", Now), [new BankCreatedIntegrationEvent("boc-cangzhou", "BOC")], Cancel);
        await store.TryCreateBankAsync(new Bank("abc-cangzhou", "ABC", Now), [new BankCreatedIntegrationEvent("abc-cangzhou", "ABC")], Cancel);
        await PublishAllAsync(outbox);

        var racing = Enumerable.Range(0, 8).Select(_ => NewProduct("boc-cangzhou", ProductKind.Credit)).ToList();
        var added = await Task.WhenAll(racing.Select(p => store.TryAddProductAsync(p, 3, new ProductDelistedIntegrationEvent(p.ProductId, p.BankId, 1), Cancel)));

        Assert.Equal(3, added.Count(a => a));
        Assert.Equal(3, await PublishAllAsync(outbox)); // a refused listing announces nothing
        var listed = await store.BrowseAsync(new ProductQuery(null, "boc-cangzhou", ProductStatus.Listed), 100, null, Cancel);
        Assert.Equal(3, listed.Items.Count);
        var other = NewProduct("abc-cangzhou", ProductKind.Credit);
        Assert.True(await store.TryAddProductAsync(other, 3, new ProductDelistedIntegrationEvent(other.ProductId, other.BankId, 1), Cancel)); // the cap is per bank

        var first = listed.Items[0];
        Assert.True(await store.TryUpdateProductAsync(first with { Status = ProductStatus.Delisted, Version = 2, DelistedAt = Now }, 1,
            [new ProductDelistedIntegrationEvent(first.ProductId, first.BankId, 2)], Cancel));
        var next = NewProduct("boc-cangzhou", ProductKind.Credit);
        Assert.True(await store.TryAddProductAsync(next, 3, new ProductDelistedIntegrationEvent(next.ProductId, next.BankId, 1), Cancel));
        Assert.Null(await store.FindProductAsync(racing.First(p => !added[racing.IndexOf(p)]).ProductId, Cancel));
    }

    [Fact]
    public async Task A_product_reads_back_field_for_field()
    {
        var store = await StoreWithBankAsync("ccb-cangzhou");
        var product = NewProduct("ccb-cangzhou", ProductKind.IpPledge);

        Assert.True(await store.TryAddProductAsync(product, 1_000, new ProductDelistedIntegrationEvent(product.ProductId, product.BankId, 2), Cancel));

        Assert.Equal(StoreJson.Serialize(product), StoreJson.Serialize(await store.FindProductAsync(product.ProductId, Cancel)));
        var moderated = product with
        {
            Status = ProductStatus.Delisted, DelistedAt = Now, Version = 2,
            Moderation = new Moderation("official-7", "130903", "advertised rate not honoured", Now),
        };
        Assert.True(await store.TryUpdateProductAsync(moderated, 1, [new ProductDelistedIntegrationEvent(product.ProductId, product.BankId, 2)], Cancel));
        Assert.Equal(moderated.Moderation, (await store.FindProductAsync(product.ProductId, Cancel))!.Moderation);
    }

    [Fact]
    public async Task An_update_from_a_stale_version_changes_nothing_and_adds_no_event()
    {
        var services = await Store.OpenAsync();
        var store = services.GetRequiredService<ICatalogStore>();
        var outbox = services.GetRequiredService<IOutboxStore>();
        await store.TryCreateBankAsync(new Bank("icbc-cangzhou", "ICBC", Now), [new BankCreatedIntegrationEvent("icbc-cangzhou", "ICBC")], Cancel);
        var product = NewProduct("icbc-cangzhou", ProductKind.Credit);
        Assert.True(await store.TryAddProductAsync(product, 1_000, new ProductDelistedIntegrationEvent(product.ProductId, product.BankId, 1), Cancel));
        await PublishAllAsync(outbox);
        var delisted = product with { Status = ProductStatus.Delisted, Version = 2, DelistedAt = Now };

        Assert.True(await store.TryUpdateProductAsync(delisted, 1, [new ProductDelistedIntegrationEvent(product.ProductId, product.BankId, 2)], Cancel));
        Assert.Equal(1, await PublishAllAsync(outbox));
        Assert.False(await store.TryUpdateProductAsync(product with { Name = "stale", Version = 2 }, 1, [new ProductDelistedIntegrationEvent(product.ProductId, product.BankId, 2)], Cancel));
        Assert.Equal(0, await PublishAllAsync(outbox));

        var stored = await store.FindProductAsync(product.ProductId, Cancel);
        Assert.Equal(ProductStatus.Delisted, stored!.Status);
        Assert.Equal(2, stored.Version);
        Assert.Equal(product.Name, stored.Name);
    }

    [Fact]
    public async Task An_edit_replaces_the_listing_in_place_and_browsing_by_kind_follows_it()
    {
        var store = await StoreWithBankAsync("ccb-cangzhou");
        var product = NewProduct("ccb-cangzhou", ProductKind.Credit);
        Assert.True(await store.TryAddProductAsync(product, 1_000, new ProductDelistedIntegrationEvent(product.ProductId, product.BankId, 1), Cancel));
        var edited = product with
        {
            Name = "Edited loan",
            Kind = ProductKind.Mortgage,
            MaxAmountFen = 900_000_000,
            Eligibility = product.Eligibility with { RegionCodes = ["1309", "1311"], MinTaxCreditRating = null },
            Version = 2,
            UpdatedAt = Now.AddDays(1),
        };

        Assert.True(await store.TryUpdateProductAsync(edited, 1, [new ProductDelistedIntegrationEvent(product.ProductId, product.BankId, 2)], Cancel));

        Assert.Equal(StoreJson.Serialize(edited), StoreJson.Serialize(await store.FindProductAsync(product.ProductId, Cancel)));
        var credit = await store.BrowseAsync(new ProductQuery(ProductKind.Credit, null, ProductStatus.Listed), 100, null, Cancel);
        var mortgage = await store.BrowseAsync(new ProductQuery(ProductKind.Mortgage, null, ProductStatus.Listed), 100, null, Cancel);
        Assert.Empty(credit.Items);
        Assert.Equal(product.ProductId, Assert.Single(mortgage.Items).ProductId);
    }

    [Fact]
    public async Task Concurrent_updates_from_one_version_let_exactly_one_win()
    {
        var store = await StoreWithBankAsync("ccb-cangzhou");
        var product = NewProduct("ccb-cangzhou", ProductKind.Credit);
        Assert.True(await store.TryAddProductAsync(product, 1_000, new ProductDelistedIntegrationEvent(product.ProductId, product.BankId, 2), Cancel));

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => store.TryUpdateProductAsync(
            product with { Name = $"writer {i}", Version = 2 }, 1, [new ProductDelistedIntegrationEvent(product.ProductId, product.BankId, 2)], Cancel))));

        Assert.Equal(1, results.Count(won => won));
    }

    [Fact]
    public async Task Browsing_filters_by_status_kind_and_bank_and_pages_in_listing_order()
    {
        var store = await StoreWithBankAsync("ccb-cangzhou");
        await store.TryCreateBankAsync(new Bank("icbc-cangzhou", "ICBC", Now), [new BankCreatedIntegrationEvent("icbc-cangzhou", "ICBC")], Cancel);
        var products = new[]
        {
            NewProduct("ccb-cangzhou", ProductKind.Credit),
            NewProduct("ccb-cangzhou", ProductKind.Mortgage),
            NewProduct("icbc-cangzhou", ProductKind.Credit),
            NewProduct("ccb-cangzhou", ProductKind.Credit),
            NewProduct("ccb-cangzhou", ProductKind.Credit) with { Status = ProductStatus.Delisted },
        };
        foreach (var p in products)
        {
            Assert.True(await store.TryAddProductAsync(p, 1_000, new ProductDelistedIntegrationEvent(p.ProductId, p.BankId, 1), Cancel));
        }

        var ccbCredit = new ProductQuery(ProductKind.Credit, "ccb-cangzhou", ProductStatus.Listed);
        var page1 = await store.BrowseAsync(ccbCredit, 1, null, Cancel);
        var page2 = await store.BrowseAsync(ccbCredit, 1, page1.LastKey, Cancel);
        var all = await store.BrowseAsync(new ProductQuery(null, null, ProductStatus.Listed), 100, null, Cancel);
        var delisted = await store.BrowseAsync(new ProductQuery(null, null, ProductStatus.Delisted), 100, null, Cancel);

        Assert.Equal([products[0].ProductId, products[3].ProductId], page1.Items.Concat(page2.Items).Select(p => p.ProductId));
        Assert.Null(page2.LastKey);
        Assert.Equal(products.Take(4).Select(p => p.ProductId), all.Items.Select(p => p.ProductId));
        Assert.Equal(products[4].ProductId, Assert.Single(delisted.Items).ProductId);
    }

    private static readonly DateTimeOffset Now = new(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_bank_is_renamed_only_from_the_name_it_was_read_with_and_keeps_its_listings()
    {
        var services = await Store.OpenAsync();
        var store = services.GetRequiredService<ICatalogStore>();
        var bank = new Bank("ccb-hebei", "CCB Hebei", Now, "13");
        await store.TryCreateBankAsync(bank, [new BankCreatedIntegrationEvent(bank.BankId, bank.Name)], Cancel);
        var product = NewProduct(bank.BankId, ProductKind.Credit);
        Assert.True(await store.TryAddProductAsync(product, 1, new ProductDelistedIntegrationEvent(product.ProductId, bank.BankId, 1), Cancel));

        var renamed = bank with { Name = "CCB Hebei Branch", Renames = [new BankRename("CCB Hebei", "official-13", "merger", Now)] };
        Assert.True(await store.TryRenameBankAsync(renamed, "CCB Hebei", Audit("bank/ccb-hebei", "13"), Cancel));
        Assert.False(await store.TryRenameBankAsync(bank with { Name = "stale" }, "CCB Hebei", Audit("bank/ccb-hebei", "13"), Cancel));

        var read = await store.FindBankAsync(bank.BankId, Cancel);
        Assert.Equal(("CCB Hebei Branch", "13", "CCB Hebei"), (read!.Name, read.RegionCode, Assert.Single(read.Renames!).FormerName));
        // The bank's cap on listings still counts the product listed before the rename.
        var second = NewProduct(bank.BankId, ProductKind.Credit);
        Assert.False(await store.TryAddProductAsync(second, 1, new ProductDelistedIntegrationEvent(second.ProductId, bank.BankId, 1), Cancel));
        Assert.Equal(PubSub.TopicOf<AuditRecordedIntegrationEvent>(), (await PendingTopicsAsync(services))[^1]);
    }

    private static async Task<int> PublishAllAsync(IOutboxStore outbox)
    {
        var published = 0;
        while (await outbox.PendingAsync(100, DateTimeOffset.UtcNow.AddYears(1), Cancel) is { Count: > 0 } pending)
        {
            foreach (var message in pending)
            {
                await outbox.MarkPublishedAsync(message.Id, DateTimeOffset.UtcNow, Cancel);
                published++;
            }
        }

        return published;
    }

    private async Task<ICatalogStore> StoreAsync() => (await Store.OpenAsync()).GetRequiredService<ICatalogStore>();

    private async Task<ICatalogStore> StoreWithBankAsync(string bankId)
    {
        var store = await StoreAsync();
        await store.TryCreateBankAsync(new Bank(bankId, bankId, Now), [new BankCreatedIntegrationEvent(bankId, bankId)], Cancel);
        return store;
    }

    private static Product NewProduct(string bankId, ProductKind kind) => new(
        SortableId.NewId(), bankId, "Loan " + kind, kind, 10_000_000, 500_000_000, 3, 36, -25,
        new Eligibility([SizeClass.Small, SizeClass.Micro], ["C", "F52"], ["1309"], 2, TaxCreditRating.B, CollateralRequired: true),
        SubsidyEligible: true, DecisionSlaDays: 5, ProductStatus.Listed, Now, null, 1);
}

public sealed class SqliteCatalogStoreTests() : CatalogStoreContract(StoreKind.Sqlite);

public sealed class MongoCatalogStoreTests() : CatalogStoreContract(StoreKind.MongoDb);
