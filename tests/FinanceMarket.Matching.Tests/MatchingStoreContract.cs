using FinanceMarket.TestInfrastructure;
using FinanceMarket.Domain;
using FinanceMarket.IntegrationEvents;
using FinanceMarket.Matching;
using FinanceMarket.Matching.Engine;
using FinanceMarket.Matching.Infrastructure;
using FinanceMarket.Matching.Model;
using Microsoft.Extensions.DependencyInjection;

namespace FinanceMarket.StoreContracts;

// One contract, every adapter: what matching may rely on from its store.
public abstract class MatchingStoreContract(StoreKind kind) : StoreContract(kind, MatchingApp.Build)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_need_reads_back_with_its_matches_counts_and_nearest_misses()
    {
        var store = await StoreAsync();
        var need = NewNeed("130903");
        await store.AddNeedAsync(need, Announce(need.NeedId), Cancel);

        var read = await store.FindNeedAsync(need.NeedId, Cancel);
        Assert.NotNull(read);
        Assert.Equal(need.Matches.Single().Reasons, read.Matches.Single().Reasons);
        Assert.Equal(need.Matches.Single().Parts, read.Matches.Single().Parts);
        Assert.Equal(need.NearestMisses!.Single().Reasons, read.NearestMisses!.Single().Reasons);
        Assert.Equal(need.ExcludedByReason, read.ExcludedByReason);
        Assert.Equal((4_182, 1_502), (read.MatchCount, read.ExcludedCount));
        Assert.Equal(need with { Matches = read.Matches, NearestMisses = read.NearestMisses, ExcludedByReason = read.ExcludedByReason }, read);
        Assert.Null(await store.FindNeedAsync(SortableId.NewId(), Cancel));
    }

    [Fact]
    public async Task The_reasons_as_data_read_back_with_their_values_and_older_needs_without_them()
    {
        var store = await StoreAsync();
        Reason[] matched = [new(ReasonCode.EstimatedRate) { Rate = new(345, 300, 45) }, new(ReasonCode.DecisionWithin) { DecisionSlaDays = 3 }, new(ReasonCode.SubsidyEligible)];
        Reason[] excluded =
        [
            new(ReasonCode.SizeClass) { SizeClass = new([SizeClass.Micro], SizeClass.Small) },
            new(ReasonCode.Region) { Region = new(["1311"], "130903") },
            new(ReasonCode.TaxRating) { TaxRating = new(TaxCreditRating.A, TaxCreditRating.B) },
            new(ReasonCode.AmountAboveMaximum) { Amount = new(50_000_000, 10_000_000, 30_000_000) },
        ];
        var plain = NewNeed("130903");
        var need = plain with
        {
            NeedId = SortableId.NewId(),
            Matches = [plain.Matches.Single() with { Details = matched }],
            NearestMisses = [plain.NearestMisses!.Single() with { Details = excluded }],
        };
        await store.AddNeedAsync(need, Announce(need.NeedId), Cancel);
        await store.AddNeedAsync(plain, Announce(plain.NeedId), Cancel);

        var read = await store.FindNeedAsync(need.NeedId, Cancel);
        Assert.NotNull(read);
        Assert.Equal(matched, read.Matches.Single().Details!);
        var details = read.NearestMisses!.Single().Details!;
        Assert.Equal([ReasonCode.SizeClass, ReasonCode.Region, ReasonCode.TaxRating, ReasonCode.AmountAboveMaximum], details.Select(d => d.Code));
        Assert.Equal(excluded.Select(d => d.ToEnglish()), details.Select(d => d.ToEnglish()));
        Assert.Equal(excluded[2], details[2]);
        Assert.Equal(excluded[3], details[3]);
        Assert.Null((await store.FindNeedAsync(plain.NeedId, Cancel))!.NearestMisses!.Single().Details);
    }

    [Fact]
    public async Task One_application_per_need_and_product_and_the_second_is_told_the_first()
    {
        var store = await StoreAsync();
        var need = NewNeed("130903");
        await store.AddNeedAsync(need, Announce(need.NeedId), Cancel);
        var first = NewApplication(need, "bank-a", "product-1");

        Assert.Null(await store.TryAddApplicationAsync(first, Announce(first.ApplicationId), Cancel));
        var second = NewApplication(need, "bank-a", "product-1");
        var existing = await store.TryAddApplicationAsync(second, Announce(second.ApplicationId), Cancel);
        Assert.Equal(first.ApplicationId, existing?.ApplicationId);
        Assert.Null(await store.FindApplicationAsync(second.ApplicationId, Cancel));
        Assert.Equal(first, await store.FindApplicationAsync(first.ApplicationId, Cancel));
    }

    [Fact]
    public async Task A_decision_is_saved_only_against_the_version_it_was_made_on()
    {
        var store = await StoreAsync();
        var need = NewNeed("130903");
        await store.AddNeedAsync(need, Announce(need.NeedId), Cancel);
        var application = NewApplication(need, "bank-a", "product-1");
        await store.TryAddApplicationAsync(application, Announce(application.ApplicationId), Cancel);

        var (approved, approvedEvent) = Transitions.Approve(application, new Deal(50_000_000, 345, 12, new DateOnly(2026, 11, 2)), "bank-a", Now, WorkingCalendar.China);
        var (rejected, rejectedEvent) = Transitions.Reject(application, RejectionCode.Other, "late", "bank-a", Now, WorkingCalendar.China);
        Assert.True(await store.TryUpdateApplicationAsync(approved, application.Version, approvedEvent, Cancel));
        Assert.False(await store.TryUpdateApplicationAsync(rejected, application.Version, rejectedEvent, Cancel));
        Assert.Equal(approved, await store.FindApplicationAsync(application.ApplicationId, Cancel));
    }

    [Fact]
    public async Task Applications_list_by_bank_enterprise_region_prefix_and_status_in_pages()
    {
        var store = await StoreAsync();
        var yunhe = NewNeed("130903");
        var xinhua = NewNeed("130902");
        var shijiazhuang = NewNeed("130102");
        var ids = new List<string>();
        foreach (var (need, bank) in new[] { (yunhe, "bank-a"), (xinhua, "bank-a"), (shijiazhuang, "bank-b"), (yunhe, "bank-b") })
        {
            if (await store.FindNeedAsync(need.NeedId, Cancel) is null)
            {
                await store.AddNeedAsync(need, Announce(need.NeedId), Cancel);
            }

            var application = NewApplication(need, bank, "product-" + bank);
            await store.TryAddApplicationAsync(application, Announce(application.ApplicationId), Cancel);
            ids.Add(application.ApplicationId);
        }

        async Task<List<string>> AllAsync(ApplicationQuery query)
        {
            var found = new List<string>();
            string? after = null;
            do
            {
                var page = await store.ListApplicationsAsync(query, 1, after, Cancel);
                found.AddRange(page.Items.Select(a => a.ApplicationId));
                after = page.LastKey;
            }
            while (after is not null);
            return found;
        }

        Assert.Equal([ids[0], ids[1]], await AllAsync(new ApplicationQuery("bank-a", null, null, null)));
        Assert.Equal([ids[0], ids[3]], await AllAsync(new ApplicationQuery(null, yunhe.Uscc, null, null)));
        Assert.Equal([ids[0], ids[1], ids[3]], await AllAsync(new ApplicationQuery(null, null, "1309", null)));
        Assert.Equal([ids[2]], await AllAsync(new ApplicationQuery(null, null, "1301", null)));
        Assert.Equal(ids, await AllAsync(new ApplicationQuery(null, null, "13", ApplicationStatus.Submitted)));
        Assert.Empty(await AllAsync(new ApplicationQuery(null, null, "13", ApplicationStatus.Approved)));
    }

    [Fact]
    public async Task Overdue_means_submitted_with_a_decide_by_date_before_today()
    {
        var store = await StoreAsync();
        var need = NewNeed("130903");
        await store.AddNeedAsync(need, Announce(need.NeedId), Cancel);
        var due = NewApplication(need, "bank-a", "product-1") with { DecideBy = new DateOnly(2026, 11, 4) };
        var later = NewApplication(need, "bank-a", "product-2") with { DecideBy = new DateOnly(2026, 11, 5) };
        var decided = NewApplication(need, "bank-a", "product-3") with { DecideBy = new DateOnly(2026, 11, 3), Status = ApplicationStatus.Rejected };
        foreach (var application in new[] { due, later, decided })
        {
            await store.TryAddApplicationAsync(application, Announce(application.ApplicationId), Cancel);
        }

        Assert.Empty(await store.OverdueAsync(new DateOnly(2026, 11, 4), 10, Cancel));
        Assert.Equal([due.ApplicationId], (await store.OverdueAsync(new DateOnly(2026, 11, 5), 10, Cancel)).Select(a => a.ApplicationId));
    }

    [Fact]
    public async Task A_calendar_year_is_recorded_and_replaced()
    {
        var services = await Store.OpenAsync();
        var store = services.GetRequiredService<IMatchingStore>();
        await store.PutCalendarYearAsync(new CalendarYear(2027, [new(2027, 1, 1)], [], "first", "official-1", Now), Audit("working-calendar/2027"), Cancel);
        var corrected = new CalendarYear(2027, [new(2027, 1, 1), new(2027, 2, 6)], [new(2027, 2, 20)], "corrected", "official-2", Now);
        await store.PutCalendarYearAsync(corrected, Audit("working-calendar/2027"), Cancel);
        Assert.Equal([PubSub.TopicOf<AuditRecordedIntegrationEvent>(), PubSub.TopicOf<AuditRecordedIntegrationEvent>()], await PendingTopicsAsync(services));
        var years = await store.CalendarYearsAsync(Cancel);
        Assert.Equal("corrected", Assert.Single(years).Source);
        Assert.Equal(corrected.Holidays, years[0].Holidays);
        Assert.Equal(corrected.WorkingWeekendDays, years[0].WorkingWeekendDays);
    }

    [Fact]
    public async Task A_market_write_saves_all_of_its_parts_with_their_events_or_none()
    {
        var services = await Store.OpenAsync();
        var store = services.GetRequiredService<IMatchingStore>();
        var need = NewNeed("130903");
        await store.AddNeedAsync(need, Announce(need.NeedId), Cancel);
        var broadcast = NewBroadcast(need);
        var take = Steps.Take(broadcast.TakeStepId, broadcast, need);
        Assert.True(await store.TryWriteAsync(new MarketWrite
        {
            Broadcast = new(broadcast, 0), Steps = [new(take, 0)], Opportunities = [NewOpportunity(need, "bank-a", Now)], Events = [Announce("b1"), Announce("b2")],
        }, Cancel));
        Assert.Equivalent(broadcast, await store.FindBroadcastAsync(need.NeedId, Cancel), strict: true);
        Assert.Equivalent(take, await store.FindStepAsync(take.StepId, Cancel), strict: true);

        // A second first broadcast of the same need, a stale version, or one stale part among good ones: nothing.
        var moved = broadcast with { MaxTakers = 5, Version = 2 };
        var application = NewApplication(need, "bank-a", "product-1");
        Assert.False(await store.TryWriteAsync(new MarketWrite { Broadcast = new(broadcast, 0), Events = [Announce("x")] }, Cancel));
        Assert.False(await store.TryWriteAsync(new MarketWrite { Broadcast = new(moved, 7) }, Cancel));
        Assert.False(await store.TryWriteAsync(new MarketWrite
        {
            Broadcast = new(moved, 1), Application = new(application, 0), Steps = [new(take with { Status = StepStatus.Met, Version = 2 }, 5)],
            Switches = [new OpportunitySwitch(need.NeedId, null, false)], Events = [Announce("y")],
        }, Cancel));
        Assert.Equivalent(broadcast, await store.FindBroadcastAsync(need.NeedId, Cancel), strict: true);
        Assert.Null(await store.FindApplicationAsync(application.ApplicationId, Cancel));
        Assert.Single((await store.ListOpportunitiesAsync("bank-a", new DateOnly(2026, 11, 2), false, 10, null, Cancel)).Items);
        Assert.Equal(3, (await PendingTopicsAsync(services)).Count);

        // All good: every part moves.
        Assert.True(await store.TryWriteAsync(new MarketWrite
        {
            Broadcast = new(moved, 1), Application = new(application, 0), Steps = [new(take with { Status = StepStatus.Met, Version = 2 }, 1)],
            Switches = [new OpportunitySwitch(need.NeedId, "bank-a", false)], Events = [Announce("z")],
        }, Cancel));
        Assert.Equal(5, (await store.FindBroadcastAsync(need.NeedId, Cancel))!.MaxTakers);
        Assert.Equal(application.ApplicationId, (await store.FindApplicationForAsync(need.NeedId, "product-1", Cancel))!.ApplicationId);
        Assert.Equal(StepStatus.Met, (await store.FindStepAsync(take.StepId, Cancel))!.Status);
        Assert.Empty((await store.ListOpportunitiesAsync("bank-a", new DateOnly(2026, 11, 2), false, 10, null, Cancel)).Items);
        Assert.Single(await PendingTopicsAsync(services));

        // The same need and product twice is refused, whatever the application's id.
        Assert.False(await store.TryWriteAsync(new MarketWrite { Application = new(NewApplication(need, "bank-a", "product-1"), 0) }, Cancel));
    }

    [Fact]
    public async Task Opportunities_list_open_ones_in_their_window_newest_or_by_deadline_in_pages()
    {
        var store = await StoreAsync();
        var needs = new List<Need>();
        for (var i = 0; i < 4; i++)
        {
            var need = NewNeed("130903");
            needs.Add(need);
            await store.AddNeedAsync(need, Announce(need.NeedId), Cancel);
            // Broadcast one after another; the deadlines the other way round.
            var opportunity = NewOpportunity(need, "bank-a", Now.AddHours(i)) with { TakeBy = new DateOnly(2026, 11, 9 - i) };
            Assert.True(await store.TryWriteAsync(new MarketWrite { Opportunities = [opportunity, NewOpportunity(need, "bank-b", Now)] }, Cancel));
        }

        async Task<List<string>> AllAsync(bool byDeadline, DateOnly today, string bank = "bank-a")
        {
            var found = new List<string>();
            string? after = null;
            do
            {
                var page = await store.ListOpportunitiesAsync(bank, today, byDeadline, 1, after, Cancel);
                found.AddRange(page.Items.Select(o => o.NeedId));
                after = page.LastKey;
            }
            while (after is not null);
            return found;
        }

        var today = new DateOnly(2026, 11, 2);
        var newest = needs.Select(n => n.NeedId).Reverse().ToList();
        Assert.Equal(newest, await AllAsync(false, today));
        Assert.Equal(newest, await AllAsync(true, today));
        Assert.Equal(4, (await AllAsync(false, today, "bank-b")).Count);

        // Closed for one bank, for every bank of a need, and reopened; past the window, gone.
        Assert.True(await store.TryWriteAsync(new MarketWrite
        {
            Switches = [new(needs[0].NeedId, "bank-a", false), new(needs[1].NeedId, null, false), new(needs[2].NeedId, null, false), new(needs[2].NeedId, "bank-b", true)],
        }, Cancel));
        Assert.Equal([needs[3].NeedId], await AllAsync(false, today));
        Assert.Equal([needs[3].NeedId, needs[2].NeedId, needs[0].NeedId], await AllAsync(false, today, "bank-b"));
        Assert.Empty(await AllAsync(false, new DateOnly(2026, 11, 20)));
    }

    [Fact]
    public async Task Steps_are_swept_past_their_dates_and_the_raised_ones_listed_and_counted_by_bank()
    {
        var store = await StoreAsync();
        var yunhe = NewNeed("130903");
        var shijiazhuang = NewNeed("130102");
        var pending = NewStep(yunhe, "bank-a", StepKind.Contact, new DateOnly(2026, 11, 4), StepStatus.Pending, null);
        var notYet = NewStep(yunhe, "bank-a", StepKind.Decide, new DateOnly(2026, 11, 6), StepStatus.Pending, null);
        var untaken = NewStep(yunhe, null, StepKind.Take, new DateOnly(2026, 11, 3), StepStatus.Overdue, new DateOnly(2026, 11, 4), new DateOnly(2026, 11, 16));
        var lateB = NewStep(yunhe, "bank-b", StepKind.Decide, new DateOnly(2026, 11, 2), StepStatus.MetLate, new DateOnly(2026, 11, 3));
        var elsewhere = NewStep(shijiazhuang, "bank-a", StepKind.Contact, new DateOnly(2026, 11, 1), StepStatus.Overdue, new DateOnly(2026, 11, 2));
        Assert.True(await store.TryWriteAsync(new MarketWrite { Steps = [.. new[] { pending, notYet, untaken, lateB, elsewhere }.Select(s => new Versioned<ServiceStep>(s, 0))] }, Cancel));

        Assert.Empty(await store.StepsToSweepAsync(new DateOnly(2026, 11, 4), 10, Cancel));
        Assert.Equal([pending.StepId], (await store.StepsToSweepAsync(new DateOnly(2026, 11, 5), 10, Cancel)).Select(s => s.StepId));
        Assert.Equal([untaken.StepId, pending.StepId, notYet.StepId], (await store.StepsToSweepAsync(new DateOnly(2026, 11, 17), 10, Cancel)).Select(s => s.StepId));
        Assert.Equal([pending.StepId, notYet.StepId], (await store.StepsOfNeedAsync(yunhe.NeedId, Cancel)).Where(s => s.BankId == "bank-a").Select(s => s.StepId).Order());

        async Task<List<string>> AllAsync(StepQuery query)
        {
            var found = new List<string>();
            string? after = null;
            do
            {
                var page = await store.ListRaisedStepsAsync(query, 1, after, Cancel);
                found.AddRange(page.Items.Select(s => s.StepId));
                after = page.LastKey;
            }
            while (after is not null);
            return found;
        }

        Assert.Equal([elsewhere.StepId, lateB.StepId, untaken.StepId], await AllAsync(new StepQuery("13", null, null)));
        Assert.Equal([lateB.StepId, untaken.StepId], await AllAsync(new StepQuery("1309", null, null)));
        Assert.Equal([untaken.StepId], await AllAsync(new StepQuery("1309", null, StepStatus.Overdue)));
        Assert.Equal([elsewhere.StepId], await AllAsync(new StepQuery("13", "bank-a", null)));

        var counts = (await store.CountRaisedStepsAsync(new StepQuery("13", null, null), Cancel)).OrderBy(c => c.BankId, StringComparer.Ordinal).ToList();
        Assert.Equal(
            [new BankStepCount("", 1, 1, new DateOnly(2026, 11, 3)), new BankStepCount("bank-a", 1, 1, new DateOnly(2026, 11, 1)), new BankStepCount("bank-b", 0, 1, new DateOnly(2026, 11, 2))],
            counts);
    }

    [Fact]
    public async Task The_steps_to_remind_are_those_pending_with_a_bank_due_soon_and_not_yet_reminded()
    {
        var store = await StoreAsync();
        var need = NewNeed("130903");
        var soon = new DateOnly(2026, 11, 4);
        var today = NewStep(need, "bank-a", StepKind.Contact, new DateOnly(2026, 11, 3), StepStatus.Pending, null);
        var tomorrow = NewStep(need, "bank-b", StepKind.Decide, soon, StepStatus.Pending, null);
        var later = NewStep(need, "bank-a", StepKind.Decide, soon.AddDays(1), StepStatus.Pending, null);
        var untaken = NewStep(need, null, StepKind.Take, soon, StepStatus.Pending, null);
        var done = NewStep(need, "bank-c", StepKind.Contact, soon, StepStatus.Met, null);
        var told = NewStep(need, "bank-c", StepKind.Decide, soon, StepStatus.Pending, null) with { RemindedOn = new DateOnly(2026, 11, 3) };
        Assert.True(await store.TryWriteAsync(new MarketWrite { Steps = [.. new[] { later, untaken, tomorrow, done, told, today }.Select(s => new Versioned<ServiceStep>(s, 0))] }, Cancel));
        Assert.Equal(told.RemindedOn, (await store.FindStepAsync(told.StepId, Cancel))!.RemindedOn);

        Assert.Equal([today.StepId, tomorrow.StepId], (await store.StepsToRemindAsync(soon, 10, Cancel)).Select(s => s.StepId));
        Assert.Equal([today.StepId], (await store.StepsToRemindAsync(soon, 1, Cancel)).Select(s => s.StepId));

        // Reminded by an update of the step, as the sweep does it, it is not found again.
        Assert.True(await store.TryWriteAsync(new MarketWrite { Steps = [new(Steps.Remind(today, today.DueOn).Step, today.Version)] }, Cancel));
        Assert.Equal([tomorrow.StepId, later.StepId], (await store.StepsToRemindAsync(soon.AddDays(1), 10, Cancel)).Select(s => s.StepId));
    }

    [Fact]
    public async Task A_service_promise_is_set_replaced_and_read_with_its_audit_entry()
    {
        var services = await Store.OpenAsync();
        var store = services.GetRequiredService<IMatchingStore>();
        await store.PutServicePromiseAsync(new ServicePromise("1309", 2, 3, 5, "official-1", Now), Audit("service-promise/1309"), Cancel);
        await store.PutServicePromiseAsync(new ServicePromise("1309", 1, 2, 4, "official-2", Now), Audit("service-promise/1309"), Cancel);
        await store.PutServicePromiseAsync(new ServicePromise("13", 2, 5, 10, "official-3", Now), Audit("service-promise/13"), Cancel);
        var promises = await store.ServicePromisesAsync(Cancel);
        Assert.Equal(2, promises.Count);
        Assert.Equal(new ServicePromise("1309", 1, 2, 4, "official-2", Now), MarketRules.PromiseFor("130903", promises));
        Assert.Equal("13", MarketRules.PromiseFor("130102", promises).RegionCode);
        Assert.Equal(3, (await PendingTopicsAsync(services)).Count);
    }

    private async Task<IMatchingStore> StoreAsync() => (await Store.OpenAsync()).GetRequiredService<IMatchingStore>();

    private static ProductDelistedIntegrationEvent Announce(string id) => new ProductDelistedIntegrationEvent(id, "bank", 1);

    private static ServiceStep NewStep(Need need, string? bank, StepKind kind, DateOnly due, StepStatus status, DateOnly? raised, DateOnly? ends = null) =>
        new(SortableId.NewId(), kind, need.NeedId, bank is null ? null : "app-" + bank, bank, need.Uscc, "Works", need.Enterprise.RegionCode, "C34", Now,
            due, ends, status, raised, null, [], 1);

    private static Need NewNeed(string region) => new(
        SortableId.NewId(), "91" + region + "MA0CONTRACT", new EnterpriseProfile("Works", region, "C34", SizeClass.Small, TaxCreditRating.B, 7),
        50_000_000, 12, "Working capital", false,
        [new StoredMatch("product-1", "bank-a", "Credit loan", 87, 345, ["estimated rate 3.45 %"], [new ScorePart("rate", 35), new ScorePart("subsidy", 10)])],
        [new StoredExclusion("product-2", "bank-b", "Prime loan", ["requires tax rating A; yours is B"])],
        new LoanPrimeRate(300, 350), false, Now, Now)
    {
        MatchCount = 4_182,
        ExcludedCount = 1_502,
        ExcludedByReason = [new(ReasonCode.TaxRating, 1_200), new(ReasonCode.Collateral, 302)],
    };

    private static Broadcast NewBroadcast(Need need) => new(
        need.NeedId, need.Uscc, need.Enterprise.RegionCode, 3, 1, false, Now, new DateOnly(2026, 11, 3), new DateOnly(2026, 11, 16),
        ["bank-a", "bank-b"], [], [], null, SortableId.NewId(), 1);

    private static Opportunity NewOpportunity(Need need, string bank, DateTimeOffset at) => new(
        need.NeedId, bank, 1, need.AmountFen, need.TermMonths, need.Purpose, need.CollateralAvailable, SizeClass.Small, "C34", need.Enterprise.RegionCode, 7,
        [new OpportunityProduct("product-1", "Credit loan", 345)], 3, at, new DateOnly(2026, 11, 3), new DateOnly(2026, 11, 16));

    private static Application NewApplication(Need need, string bankId, string productId) => Transitions.Submit(
        SortableId.NewId(), need,
        new OfferedProduct(productId, bankId, "Credit loan", ProductKind.Credit, 10_000_000, 300_000_000, 6, 36, 45, true, 3),
        Now, WorkingCalendar.China, ServicePromise.Default).Application;
}

public sealed class SqliteMatchingStoreTests() : MatchingStoreContract(StoreKind.Sqlite);

public sealed class MongoMatchingStoreTests() : MatchingStoreContract(StoreKind.MongoDb);
