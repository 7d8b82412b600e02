using FinanceMarket.TestInfrastructure;
using FinanceMarket.Domain;
using FinanceMarket.Enterprises;
using FinanceMarket.Enterprises.Infrastructure;
using FinanceMarket.Enterprises.Model;
using FinanceMarket.IntegrationEvents;
using FinanceMarket.ServiceDefaults.Events;
using Microsoft.Extensions.DependencyInjection;

namespace FinanceMarket.StoreContracts;

// One contract, every adapter: what the enterprise registry may rely on from its store and outbox.
public abstract class EnterpriseStoreContract(StoreKind kind) : StoreContract(kind, EnterprisesApp.Build)
{
    [Fact]
    public async Task Enterprises_are_counted_by_region_section_and_size_under_every_kind_of_rule()
    {
        var store = await StoreAsync();
        Enterprise At(string region, string industry, SizeClass size, TaxCreditRating rating, int founded) =>
            NewEnterprise(region) with { IndustryCode = industry, SizeClass = size, TaxCreditRating = rating, EstablishedOn = new DateOnly(founded, 6, 1) };
        Enterprise[] registered =
        [
            At("130903", "C33", SizeClass.Small, TaxCreditRating.A, 2012),
            At("130903", "C36", SizeClass.Small, TaxCreditRating.B, 2020),
            At("130903", "F52", SizeClass.Micro, TaxCreditRating.B, 2012),
            At("130902", "C3311", SizeClass.Small, TaxCreditRating.C, 2012),
            At("131102", "C33", SizeClass.Medium, TaxCreditRating.A, 2001),
            At("110101", "C33", SizeClass.Small, TaxCreditRating.A, 2012),
        ];
        foreach (var e in registered)
        {
            Assert.True(await store.TryRegisterAsync(e, Registered(e), Cancel));
        }

        async Task<List<(string, string, SizeClass, long)>> Count(EnterpriseCriteria criteria) =>
            [.. (await store.CountAsync(criteria, Cancel)).Select(c => (c.RegionCode, c.IndustrySection, c.SizeClass, c.Count)).Order()];

        Assert.Equal(6, (await Count(new([], [], [], null, []))).Sum(c => c.Item4));
        Assert.Equal(
            [("130902", "C", SizeClass.Small, 1L), ("130903", "C", SizeClass.Small, 2L)],
            await Count(new([SizeClass.Small], ["C33", "C36"], ["1309"], null, [])));
        Assert.Equal(
            [("130903", "C", SizeClass.Small, 1L), ("131102", "C", SizeClass.Medium, 1L)],
            await Count(new([], ["C"], ["1309", "1311"], new DateOnly(2015, 1, 1), [TaxCreditRating.A, TaxCreditRating.B])));
        Assert.Equal([("130903", "F", SizeClass.Micro, 1L)], await Count(new([SizeClass.Micro], [], ["13"], null, [])));
        Assert.Empty(await Count(new([SizeClass.Large], [], [], null, [])));
    }

    [Fact]
    public async Task A_registered_enterprise_reads_back_field_for_field()
    {
        var store = await StoreAsync();
        var enterprise = NewEnterprise("130903") with
        {
            CheckOverride = new CheckOverride("wang-li", "licence inspected", new DateTimeOffset(2026, 11, 2, 9, 30, 0, TimeSpan.FromHours(8))),
        };

        Assert.True(await store.TryRegisterAsync(enterprise, Registered(enterprise), Cancel));

        Assert.Equal(enterprise, await store.FindAsync(enterprise.Uscc, Cancel));
        Assert.Null(await store.FindAsync(FinanceMarket.TestInfrastructure.TestData.NewUscc(), Cancel));
    }

    [Fact]
    public async Task A_taken_code_is_refused_and_only_the_first_event_is_in_the_outbox()
    {
        var services = await Store.OpenAsync();
        var store = services.GetRequiredService<IEnterpriseStore>();
        var first = NewEnterprise("130903");
        var second = first with { Name = "Impostor" };

        Assert.True(await store.TryRegisterAsync(first, Registered(first), Cancel));
        Assert.False(await store.TryRegisterAsync(second, Registered(second), Cancel));

        Assert.Equal(first.Name, (await store.FindAsync(first.Uscc, Cancel))!.Name);
        var pending = await services.GetRequiredService<IOutboxStore>().PendingAsync(100, DateTimeOffset.UtcNow, Cancel);
        var message = Assert.Single(pending);
        Assert.Equal(PubSub.TopicOf<EnterpriseRegisteredIntegrationEvent>(), message.Topic);
        Assert.Contains(first.Uscc, message.Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_registrations_of_one_code_let_exactly_one_win()
    {
        var store = await StoreAsync();
        var enterprise = NewEnterprise("130903");

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => store.TryRegisterAsync(enterprise with { Employees = i }, Registered(enterprise), Cancel))));

        Assert.Equal(1, results.Count(saved => saved));
    }

    [Fact]
    public async Task Listing_filters_by_region_prefix_and_pages_in_code_order()
    {
        var store = await StoreAsync();
        var yunhe = Enumerable.Range(0, 5).Select(_ => NewEnterprise("130903")).ToList();
        var xinhua = NewEnterprise("130902");
        var hengshui = NewEnterprise("131102");
        foreach (var e in yunhe.Append(xinhua).Append(hengshui))
        {
            await store.TryRegisterAsync(e, Registered(e), Cancel);
        }

        var page1 = await store.ListAsync("130903", 3, null, Cancel);
        var page2 = await store.ListAsync("130903", 3, page1.LastKey, Cancel);
        var cangzhou = await store.ListAsync("1309", 100, null, Cancel);

        Assert.Equal(yunhe.Select(e => e.Uscc).Order(StringComparer.Ordinal), page1.Items.Concat(page2.Items).Select(e => e.Uscc));
        Assert.NotNull(page1.LastKey);
        Assert.Null(page2.LastKey);
        Assert.Equal(6, cangzhou.Items.Count);
        Assert.DoesNotContain(cangzhou.Items, e => e.Uscc == hengshui.Uscc);
    }

    [Fact]
    public async Task What_was_saved_survives_a_restart()
    {
        var enterprise = NewEnterprise("130903");
        var before = (await Store.OpenAsync()).GetRequiredService<IEnterpriseStore>();
        await before.TryRegisterAsync(enterprise, Registered(enterprise), Cancel);

        var after = (await Store.OpenAsync()).GetRequiredService<IEnterpriseStore>();

        Assert.Equal(enterprise, await after.FindAsync(enterprise.Uscc, Cancel));
    }

    [Fact]
    public async Task The_outbox_hands_out_pending_events_until_published_and_holds_back_failed_ones()
    {
        var (_, outbox, registered) = await OpenWithRegisteredAsync(3);
        var a = registered[0];

        var now = DateTimeOffset.UtcNow;
        var pending = await outbox.PendingAsync(10, now, Cancel);
        Assert.Equal(3, pending.Count);
        Assert.Contains(a.Uscc, pending[0].Payload, StringComparison.Ordinal);

        await outbox.MarkPublishedAsync(pending[0].Id, now, Cancel);
        await outbox.MarkFailedAsync(pending[1].Id, 1, now.AddMinutes(5), parked: false, "subscriber down", Cancel);
        await outbox.MarkFailedAsync(pending[2].Id, 20, now.AddSeconds(1), parked: true, "poison", Cancel);

        Assert.Empty(await outbox.PendingAsync(10, now.AddSeconds(2), Cancel));
        var retried = Assert.Single(await outbox.PendingAsync(10, now.AddMinutes(6), Cancel));
        Assert.Equal(pending[1].Id, retried.Id);
        Assert.Equal(1, retried.Attempts);
    }

    [Fact]
    public async Task A_waiting_retry_holds_back_later_events_of_its_key_and_no_others()
    {
        var (store, outbox, registered) = await OpenWithRegisteredAsync(2);
        var (a, b) = (registered[0], registered[1]);
        // A second event about enterprise a, as a later change would raise (the code refuses, the event goes in).
        await store.TryRegisterAsync(a with { Uscc = FinanceMarket.TestInfrastructure.TestData.NewUscc() }, Registered(a), Cancel);
        var now = DateTimeOffset.UtcNow;
        var first = await outbox.PendingAsync(10, now, Cancel);
        Assert.Equal([a.Uscc, b.Uscc], first.Select(m => UsccIn(m.Payload)));

        await outbox.MarkFailedAsync(first[0].Id, 1, now.AddMinutes(1), parked: false, "subscriber down", Cancel);
        await outbox.MarkPublishedAsync(first[1].Id, now, Cancel);

        Assert.Empty(await outbox.PendingAsync(10, now, Cancel));
        var later = await outbox.PendingAsync(10, now.AddMinutes(2), Cancel);
        Assert.Equal(first[0].Id, Assert.Single(later).Id);
        await outbox.MarkPublishedAsync(first[0].Id, now, Cancel);
        Assert.Equal(a.Uscc, UsccIn(Assert.Single(await outbox.PendingAsync(10, now.AddMinutes(2), Cancel)).Payload));
    }

    [Fact]
    public async Task Published_events_are_purged_after_their_time_and_pending_ones_never()
    {
        var (_, outbox, _) = await OpenWithRegisteredAsync(2);
        var now = DateTimeOffset.UtcNow;
        var pending = await outbox.PendingAsync(10, now, Cancel);
        await outbox.MarkPublishedAsync(pending[0].Id, now.AddDays(-8), Cancel);

        Assert.Equal(1, await outbox.PurgePublishedAsync(now.AddDays(-7), Cancel));
        Assert.Equal(0, await outbox.PurgePublishedAsync(now.AddDays(1), Cancel));
        Assert.Equal(pending[1].Id, Assert.Single(await outbox.PendingAsync(10, now, Cancel)).Id);
    }

    [Fact]
    public async Task One_relay_holds_the_lease_until_it_lapses()
    {
        var outbox = (await Store.OpenAsync()).GetRequiredService<IOutboxStore>();
        var now = DateTimeOffset.UtcNow;

        Assert.True(await outbox.TryLeaseAsync("replica-a", now, now.AddSeconds(30), Cancel));
        Assert.False(await outbox.TryLeaseAsync("replica-b", now.AddSeconds(1), now.AddSeconds(31), Cancel));
        Assert.True(await outbox.TryLeaseAsync("replica-a", now.AddSeconds(15), now.AddSeconds(45), Cancel));
        Assert.False(await outbox.TryLeaseAsync("replica-b", now.AddSeconds(40), now.AddSeconds(70), Cancel));
        Assert.True(await outbox.TryLeaseAsync("replica-b", now.AddSeconds(46), now.AddSeconds(76), Cancel));
        Assert.False(await outbox.TryLeaseAsync("replica-a", now.AddSeconds(47), now.AddSeconds(77), Cancel));
    }

    // A store with enterprises registered one after another, and its outbox.
    private async Task<(IEnterpriseStore Store, IOutboxStore Outbox, List<Enterprise> Registered)> OpenWithRegisteredAsync(int count)
    {
        var services = await Store.OpenAsync();
        var store = services.GetRequiredService<IEnterpriseStore>();
        var registered = Enumerable.Range(0, count).Select(_ => NewEnterprise("130903")).ToList();
        foreach (var enterprise in registered)
        {
            await store.TryRegisterAsync(enterprise, Registered(enterprise), Cancel);
        }

        return (store, services.GetRequiredService<IOutboxStore>(), registered);
    }

    private static string UsccIn(string payload) => System.Text.Json.Nodes.JsonNode.Parse(payload)!["uscc"]!.GetValue<string>();

    private async Task<IEnterpriseStore> StoreAsync() => (await Store.OpenAsync()).GetRequiredService<IEnterpriseStore>();

    private static Enterprise NewEnterprise(string region) => new(
        FinanceMarket.TestInfrastructure.TestData.NewUscc(region), "Cangzhou Casting Works", "C33", region, 120, 25_000_000_00, 18_000_000_00,
        new DateOnly(2012, 4, 1), TaxCreditRating.A, SizeClass.Small, new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero), null);

    [Fact]
    public async Task A_correction_is_saved_from_the_record_it_was_read_with_and_counts_see_the_new_size_and_rating()
    {
        var services = await Store.OpenAsync();
        var store = services.GetRequiredService<IEnterpriseStore>();
        var enterprise = NewEnterprise("130903") with { SizeClass = SizeClass.Micro, TaxCreditRating = TaxCreditRating.A };
        Assert.True(await store.TryRegisterAsync(enterprise, Registered(enterprise), Cancel));
        var corrected = enterprise with
        {
            SizeClass = SizeClass.Medium,
            TaxCreditRating = TaxCreditRating.C,
            Corrections = [new ProfileCorrection("official-1", "tax bureau's rating", DateTimeOffset.UtcNow, 5, 1, 1, TaxCreditRating.A, SizeClass.Micro)],
        };
        Assert.True(await store.TryCorrectAsync(corrected, 0, [Audit("enterprise/" + enterprise.Uscc, "130903")], Cancel));
        Assert.False(await store.TryCorrectAsync(enterprise with { Employees = 1 }, 0, [Audit("enterprise/" + enterprise.Uscc, "130903")], Cancel));

        var read = await store.FindAsync(enterprise.Uscc, Cancel);
        Assert.Equal((SizeClass.Medium, TaxCreditRating.C, 1), (read!.SizeClass, read.TaxCreditRating, read.CorrectionCount));
        var cells = await store.CountAsync(new EnterpriseCriteria([SizeClass.Medium], [], ["130903"], null, [TaxCreditRating.C]), Cancel);
        Assert.Equal(1, cells.Sum(c => c.Count));
        Assert.Empty(await store.CountAsync(new EnterpriseCriteria([SizeClass.Micro], [], ["130903"], null, []), Cancel));

        await services.GetRequiredService<FinanceMarket.ServiceDefaults.Storage.IAuditRecorder>().RecordAsync(Audit("enterprise/" + enterprise.Uscc, "130903"), Cancel);
        var audit = PubSub.TopicOf<AuditRecordedIntegrationEvent>();
        Assert.Equal([PubSub.TopicOf<EnterpriseRegisteredIntegrationEvent>(), audit, audit], await PendingTopicsAsync(services));
    }

    private static IntegrationEvent[] Registered(Enterprise e) =>
        [new EnterpriseRegisteredIntegrationEvent(e.Uscc, e.Name, e.IndustryCode, e.RegionCode, e.SizeClass.Wire(), e.TaxCreditRating.Wire(), "2012-04-01")];
}

public sealed class SqliteEnterpriseStoreTests() : EnterpriseStoreContract(StoreKind.Sqlite);

public sealed class MongoEnterpriseStoreTests() : EnterpriseStoreContract(StoreKind.MongoDb);
