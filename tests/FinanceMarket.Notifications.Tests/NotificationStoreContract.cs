using FinanceMarket.Notifications;
using FinanceMarket.Notifications.Model;
using FinanceMarket.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FinanceMarket.StoreContracts;

// One contract, every adapter: a notice is added once by its key, a digest counts each need once and is
// unread again when it grows, an inbox holds only its own (an official's: the region's, by prefix), newest
// first, with each reader's marks, and a delivery is made only where a webhook or a number is set.
public abstract class NotificationStoreContract(StoreKind kind) : StoreContract(kind, NotificationsApp.Build)
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 2, 2, 0, 0, TimeSpan.Zero);
    private int _ids;

    private string NewId() => Guid.CreateVersion7(Monday.AddMilliseconds(Interlocked.Increment(ref _ids))).ToString();

    [Fact]
    public async Task A_notice_is_added_once_by_its_key_and_only_to_its_own_inbox()
    {
        var store = await StoreAsync();
        var draft = Draft("taken|a1", Audience.Enterprise("E1"));
        Assert.Equal(2, await store.ApplyAsync([draft, Draft("taken|a2", Audience.Enterprise("E2"))], Monday, NewId, Cancel));
        Assert.Equal(0, await store.ApplyAsync([draft], Monday.AddMinutes(1), NewId, Cancel));

        var mine = await store.ListAsync(new InboxQuery(AudienceKind.Enterprise, "E1", "enterprise:E1", false), 10, null, Cancel);
        var item = Assert.Single(mine.Items);
        Assert.Equal(("taken|a1", false, Monday), (item.Notice.Key, item.Read, item.Notice.CreatedAt));
        Assert.Empty((await store.ListAsync(new InboxQuery(AudienceKind.Bank, "E1", "bank:E1", false), 10, null, Cancel)).Items);
    }

    [Fact]
    public async Task An_official_reads_the_notices_of_every_region_under_theirs_with_their_own_read_marks()
    {
        var store = await StoreAsync();
        await store.ApplyAsync([Draft("s1", Audience.Region("130903")), Draft("s2", Audience.Region("130904")), Draft("s3", Audience.Region("110105")),
            Draft("s4", Audience.Bank("130903"))], Monday, NewId, Cancel);
        var city = new InboxQuery(AudienceKind.Region, "1309", "official:a", false);
        var page = await store.ListAsync(city, 10, null, Cancel);
        Assert.Equal(["s2", "s1"], page.Items.Select(i => i.Notice.Key));

        await store.MarkReadAsync(page.Items[0].Notice.NotificationId, "official:a", Monday, Cancel);
        await store.MarkReadAsync(page.Items[0].Notice.NotificationId, "official:a", Monday, Cancel);
        Assert.Equal(1, await store.CountUnreadAsync(city, 1000, Cancel));
        Assert.Equal(["s1"], (await store.ListAsync(city with { UnreadOnly = true }, 10, null, Cancel)).Items.Select(i => i.Notice.Key));
        Assert.Equal(2, await store.CountUnreadAsync(city with { Reader = "official:b" }, 1000, Cancel));
        Assert.Equal(1, await store.CountUnreadAsync(city with { Reader = "official:b" }, 1, Cancel));
        Assert.True((await store.FindAsync(page.Items[0].Notice.NotificationId, "official:a", Cancel))!.Read);
        Assert.False((await store.FindAsync(page.Items[0].Notice.NotificationId, "official:b", Cancel))!.Read);
    }

    [Fact]
    public async Task Pages_run_newest_first_without_gaps()
    {
        var store = await StoreAsync();
        for (var i = 0; i < 5; i++)
        {
            await store.ApplyAsync([Draft("k" + i, Audience.Bank("b1"))], Monday.AddMinutes(i), NewId, Cancel);
        }

        var query = new InboxQuery(AudienceKind.Bank, "b1", "bank:b1", false);
        var first = await store.ListAsync(query, 2, null, Cancel);
        var second = await store.ListAsync(query, 2, first.LastKey, Cancel);
        var third = await store.ListAsync(query, 2, second.LastKey, Cancel);
        Assert.Equal(["k4", "k3", "k2", "k1", "k0"], first.Items.Concat(second.Items).Concat(third.Items).Select(i => i.Notice.Key));
        Assert.Null(third.LastKey);
    }

    [Fact]
    public async Task A_digest_counts_each_need_once_and_is_unread_again_when_it_grows()
    {
        var store = await StoreAsync();
        var bank = Audience.Bank("b1");
        Assert.Equal(1, await store.ApplyAsync([Digest(bank, "n1")], Monday, NewId, Cancel));
        var query = new InboxQuery(AudienceKind.Bank, "b1", "bank:b1", false);
        var digest = Assert.Single((await store.ListAsync(query, 10, null, Cancel)).Items).Notice;
        await store.MarkReadAsync(digest.NotificationId, "bank:b1", Monday, Cancel);
        Assert.Equal(0, await store.CountUnreadAsync(query, 1000, Cancel));

        Assert.Equal(0, await store.ApplyAsync([Digest(bank, "n1")], Monday.AddMinutes(1), NewId, Cancel));
        Assert.Equal(1, await store.ApplyAsync([Digest(bank, "n2")], Monday.AddMinutes(2), NewId, Cancel));
        var grown = Assert.Single((await store.ListAsync(query, 10, null, Cancel)).Items);
        Assert.Equal((digest.NotificationId, 2, false, Monday.AddMinutes(2)), (grown.Notice.NotificationId, grown.Notice.Count, grown.Read, grown.Notice.UpdatedAt));
    }

    [Fact]
    public async Task Deliveries_go_where_a_webhook_or_number_is_set_and_each_is_claimed_once()
    {
        var store = await StoreAsync();
        await store.ApplyAsync([Draft("before", Audience.Bank("b1"))], Monday, NewId, Cancel);
        await store.PutWebhookAsync(new WebhookRegistration("b1", "https://bank.example/hook", "0123456789abcdef", Monday, Monday), Cancel);
        await store.PutSmsAsync(new SmsRegistration(Audience.Enterprise("E1").Key, "13800000000", Monday), Cancel);
        await store.ApplyAsync([Draft("after", Audience.Bank("b1")), Draft("sms", Audience.Enterprise("E1")), Digest(Audience.Bank("b1"), "n1"),
            Digest(Audience.Bank("b1"), "n2")], Monday.AddMinutes(1), NewId, Cancel);

        var due = await store.DueDeliveriesAsync(Monday.AddMinutes(1), 10, Cancel);
        Assert.Equal(
            ["WEBHOOK:NEED_TAKEN:", "SMS:NEED_TAKEN:", "WEBHOOK:OPPORTUNITY:n1", "WEBHOOK:OPPORTUNITY:n2"],
            due.Select(d => $"{d.Channel.Wire()}:{d.Type}:{d.NeedId}"));
        Assert.Empty(await store.DueDeliveriesAsync(Monday, 10, Cancel));

        var first = due[0];
        Assert.True(await store.TryClaimDeliveryAsync(first, Monday.AddMinutes(5), Cancel));
        Assert.False(await store.TryClaimDeliveryAsync(first, Monday.AddMinutes(5), Cancel));
        Assert.DoesNotContain(await store.DueDeliveriesAsync(Monday.AddMinutes(2), 10, Cancel), d => d.DeliveryId == first.DeliveryId);
        var delivered = Deliveries.Attempted(first, Monday.AddMinutes(2), "https://bank.example/hook", 200, null, TimeSpan.FromSeconds(30));
        // A dispatcher whose claim lapsed (another took it meanwhile) saves nothing; the claim's holder does.
        Assert.False(await store.UpdateDeliveryAsync(delivered, Monday.AddMinutes(4), Cancel));
        Assert.True(await store.UpdateDeliveryAsync(delivered, Monday.AddMinutes(5), Cancel));

        var log = await store.ListDeliveriesAsync(Audience.Bank("b1").Key, DeliveryChannel.Webhook, 10, null, Cancel);
        Assert.Equal(3, log.Items.Count);
        Assert.Equal((DeliveryStatus.Delivered, 1, 200), (log.Items[^1].Status, log.Items[^1].Attempts, log.Items[^1].LastStatusCode));
        Assert.Empty((await store.ListDeliveriesAsync(Audience.Bank("b1").Key, DeliveryChannel.Sms, 10, null, Cancel)).Items);

        Assert.True(await store.DeleteWebhookAsync("b1", Cancel));
        Assert.Null(await store.WebhookAsync("b1", Cancel));
        Assert.False(await store.DeleteWebhookAsync("b1", Cancel));
    }

    [Fact]
    public async Task Names_are_kept_by_key_and_the_latest_wins()
    {
        var store = await StoreAsync();
        await store.SetNameAsync("B:b1", "沧州银行", Cancel);
        await store.SetNameAsync("B:b1", "沧州银行运河支行", Cancel);
        await store.SetNameAsync("E:E1", "沧州市某某机械有限公司", Cancel);
        var names = await store.NamesAsync(["B:b1", "E:E1", "B:unknown"], Cancel);
        Assert.Equal(new Dictionary<string, string> { ["B:b1"] = "沧州银行运河支行", ["E:E1"] = "沧州市某某机械有限公司" }, names);
    }

    private static NoticeDraft Draft(string key, Audience to) =>
        new(key, NoticeKind.NeedTaken, to, new NoticeAbout { ApplicationId = "a", BankId = "b1", Uscc = "E1", RegionCode = "130903" });

    private static NoticeDraft Digest(Audience bank, string needId) =>
        new("digest|" + bank.Id + "|2026-11-02", NoticeKind.OpportunityDigest, bank, new NoticeAbout { BankId = bank.Id, Day = "2026-11-02" }, needId);

    private async Task<INotificationStore> StoreAsync() => (await Store.OpenAsync()).GetRequiredService<INotificationStore>();
}

public sealed class SqliteNotificationStoreTests() : NotificationStoreContract(StoreKind.Sqlite);

public sealed class MongoNotificationStoreTests() : NotificationStoreContract(StoreKind.MongoDb);
