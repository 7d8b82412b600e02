using FinanceMarket.TestInfrastructure;
using FinanceMarket.IntegrationEvents;
using FinanceMarket.Subsidies;
using FinanceMarket.Subsidies.Infrastructure;
using FinanceMarket.Subsidies.Model;
using Microsoft.Extensions.DependencyInjection;

namespace FinanceMarket.StoreContracts;

// One contract, every adapter: the audit log chains its entries without gaps, takes each event once, and
// reads back exactly what it chained (so the chain checks out), by region and period, newest first.
public abstract class AuditLogContract(StoreKind kind) : StoreContract(kind, SubsidiesApp.Build)
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 2, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Entries_chain_in_order_and_a_redelivered_event_is_appended_once()
    {
        var log = await LogAsync();
        var first = Recorded("130903", Monday);
        Assert.True(await log.AppendAsync(first, Cancel));
        Assert.True(await log.AppendAsync(Recorded("", Monday.AddMinutes(1)), Cancel));
        Assert.False(await log.AppendAsync(first, Cancel));
        Assert.True(await log.AppendAsync(Recorded("110105", Monday.AddMinutes(2)), Cancel));

        var all = await ReadAllAsync(log);
        Assert.Equal([1L, 2L, 3L], all.Select(e => e.Seq));
        Assert.Equal(AuditChain.Genesis, all[0].PreviousHash);
        Assert.Equal(all[0].Hash, all[1].PreviousHash);
        Assert.Equal(all[1].Hash, all[2].PreviousHash);
        Assert.Equal((3L, null), await AuditChain.VerifyAsync(log.ReadAllAsync(Cancel), Cancel));
        Assert.Equal((first.Id, first.Before, first.After, first.Reason), (all[0].Id, all[0].Before, all[0].After, all[0].Reason));
    }

    [Fact]
    public async Task Concurrent_appends_each_take_their_own_place_in_one_unbroken_chain()
    {
        var log = await LogAsync();
        var events = Enumerable.Range(0, 40).Select(i => Recorded("130903", Monday.AddSeconds(i))).ToList();
        await Task.WhenAll(events.Select(e => Task.Run(() => log.AppendAsync(e, Cancel), Cancel)));

        var all = await ReadAllAsync(log);
        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), all.Select(e => e.Seq));
        Assert.Equal(events.Select(e => e.Id).Order(), all.Select(e => e.Id).Order());
        Assert.Equal((40L, null), await AuditChain.VerifyAsync(log.ReadAllAsync(Cancel), Cancel));
    }

    [Fact]
    public async Task A_region_reads_its_own_entries_and_the_national_ones_newest_first_within_the_period()
    {
        var log = await LogAsync();
        await log.AppendAsync(Recorded("130903", Monday), Cancel);
        await log.AppendAsync(Recorded("", Monday.AddDays(1)), Cancel);
        await log.AppendAsync(Recorded("110105", Monday.AddDays(1)), Cancel);
        await log.AppendAsync(Recorded("130904", Monday.AddDays(2)), Cancel);
        await log.AppendAsync(Recorded("1309", Monday.AddDays(3)), Cancel);

        var hebei = await log.ListAsync(new AuditQuery("1309", null, null), 10, null, Cancel);
        Assert.Equal(["1309", "130904", "", "130903"], hebei.Items.Select(e => e.RegionCode));
        var district = await log.ListAsync(new AuditQuery("130903", null, null), 10, null, Cancel);
        Assert.Equal(["", "130903"], district.Items.Select(e => e.RegionCode));
        var everything = await log.ListAsync(new AuditQuery(null, null, null), 2, null, Cancel);
        Assert.Equal([5L, 4L], everything.Items.Select(e => e.Seq));
        var next = await log.ListAsync(new AuditQuery(null, null, null), 2, long.Parse(everything.LastKey!, System.Globalization.CultureInfo.InvariantCulture), Cancel);
        Assert.Equal([3L, 2L], next.Items.Select(e => e.Seq));
        var period = await log.ListAsync(new AuditQuery(null, Monday.AddDays(1), Monday.AddDays(2)), 10, null, Cancel);
        Assert.Equal([3L, 2L], period.Items.Select(e => e.Seq));
    }

    private static AuditRecordedIntegrationEvent Recorded(string region, DateTimeOffset at) =>
        new("official", "official-" + region, region, AuditActionsUnderTest, region, "subsidy-program/" + Guid.NewGuid(),
            "{\"name\":\"before\"}", "{\"name\":\"after\"}", "a reason")
        {
            At = at,
        };

    private const string AuditActionsUnderTest = "program.created";

    private static async Task<List<AuditEntry>> ReadAllAsync(IAuditLog log)
    {
        var all = new List<AuditEntry>();
        await foreach (var entry in log.ReadAllAsync(Cancel))
        {
            all.Add(entry);
        }

        return all;
    }

    private async Task<IAuditLog> LogAsync() => (await Store.OpenAsync()).GetRequiredService<IAuditLog>();
}

public sealed class SqliteAuditLogTests() : AuditLogContract(StoreKind.Sqlite);

public sealed class MongoAuditLogTests() : AuditLogContract(StoreKind.MongoDb);
