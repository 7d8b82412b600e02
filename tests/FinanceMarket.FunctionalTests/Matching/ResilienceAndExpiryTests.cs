using FinanceMarket.Domain;
using FinanceMarket.TestInfrastructure;
using ExpirySweep = FinanceMarket.Matching.Infrastructure.ExpirySweep;
using FinanceMarket.Matching.V1;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FinanceMarket.FunctionalTests.Matching;

public sealed class ResilienceAndExpiryTests(Platform platform)
{
    // Short timeouts so that a dead service is noticed in about a second; a breaker that stays open.
    private static readonly Dictionary<string, string?> QuickToGiveUp = new()
    {
        ["FinanceMarket:Matching:ShelfResyncEvery"] = "00:00:00",
        ["FinanceMarket:Matching:Calls:AttemptTimeout"] = "00:00:00.500",
        ["FinanceMarket:Matching:Calls:MaxRetries"] = "1",
        ["FinanceMarket:Matching:Calls:RetryDelay"] = "00:00:00.050",
        ["FinanceMarket:Matching:Calls:BreakDuration"] = "00:01:00",
        ["FinanceMarket:Matching:Calls:MinimumThroughput"] = "2",
    };

    // The sweep under test runs when the test says; its own timer (on the fake clock) waits past the test.
    private static readonly Dictionary<string, string?> SweepOnDemand = new(QuickToGiveUp)
    {
        ["FinanceMarket:Matching:ExpirySweepEvery"] = "40.00:00:00",
    };

    private static DateTime Deadline => DateTime.UtcNow.AddSeconds(20);

    [Fact]
    public async Task With_the_catalog_stopped_a_need_is_matched_on_the_last_view_and_says_so()
    {
        await using var isolated = await IsolatedMatching.StartAsync(platform, QuickToGiveUp);
        var cancel = TestContext.Current.CancellationToken;
        var fresh = await isolated.CallAsync(m => m.PostFinancingNeedAsync(isolated.Need(), isolated.EnterpriseToken, Deadline, cancel).ResponseAsync);
        Assert.False(fresh.ShelfStale);
        var needId = fresh.NeedId;
        Assert.Contains(fresh.Matches, m => m.ProductId == isolated.ProductId);

        await isolated.StopAsync(isolated.Catalog);

        // Twice: once through the retries, once with the breaker open; neither hangs (the deadline would fail it).
        for (var i = 0; i < 2; i++)
        {
            var stale = await isolated.CallAsync(m => m.PostFinancingNeedAsync(isolated.Need(), isolated.EnterpriseToken, Deadline, cancel).ResponseAsync);
            Assert.True(stale.ShelfStale);
            Assert.Contains(stale.Matches, m => m.ProductId == isolated.ProductId);
        }

        // An application needs the catalog's word that the product is still listed: a clear UNAVAILABLE.
        var refused = await Assert.ThrowsAsync<RpcException>(() => isolated.CallAsync(m => m.SubmitApplicationAsync(
            new SubmitApplicationRequest { NeedId = needId, ProductId = isolated.ProductId, ConsentToCreditQuery = true },
            isolated.EnterpriseToken, Deadline, cancel).ResponseAsync));
        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
        Assert.Contains("catalog is not answering", refused.Status.Detail, StringComparison.OrdinalIgnoreCase);

        // A replica that never saw the shelf has nothing to match on.
        var settings = platform.ServiceSettings(dataDir: TestData.NewTempDir());
        foreach (var (key, value) in QuickToGiveUp)
        {
            settings[key] = value;
        }

        var newcomer = await isolated.AddAsync(Platform.StartMatchingAsync(isolated.Enterprises.Address, isolated.Catalog.Address, isolated.Credit.Address, settings));
        var empty = await Assert.ThrowsAsync<RpcException>(() => IsolatedMatching.CallAsync(newcomer.Address,
            m => m.PostFinancingNeedAsync(isolated.Need(), isolated.EnterpriseToken, Deadline, cancel).ResponseAsync));
        Assert.Equal(StatusCode.Unavailable, empty.StatusCode);
        Assert.Contains("has not loaded the shelf", empty.Status.Detail, StringComparison.Ordinal);

        await isolated.StopAsync(isolated.Enterprises);
        var noRegistry = await Assert.ThrowsAsync<RpcException>(() => isolated.CallAsync(
            m => m.PostFinancingNeedAsync(isolated.Need(), isolated.EnterpriseToken, Deadline, cancel).ResponseAsync));
        Assert.Equal(StatusCode.Unavailable, noRegistry.StatusCode);
        Assert.Contains("enterprise registry is not answering", noRegistry.Status.Detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_application_the_bank_leaves_past_its_decide_by_date_expires_by_the_sweep()
    {
        // Tuesday 29 September 2026, 10:00 in Beijing; the product promises a decision in one working day.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 9, 29, 2, 0, 0, TimeSpan.Zero));
        await using var isolated = await IsolatedMatching.StartAsync(platform, SweepOnDemand, b => b.Services.AddSingleton<TimeProvider>(clock), slaDays: 1);
        var cancel = TestContext.Current.CancellationToken;

        var application = await SubmitAsync(isolated);
        Assert.Equal("2026-09-30", application.DecideBy);

        // The whole decide-by day is the bank's: the sweep leaves it alone until the day is over in Beijing.
        var sweep = isolated.Matching.App.Services.GetRequiredService<ExpirySweep>();
        clock.SetUtcNow(new DateTimeOffset(2026, 9, 30, 15, 59, 0, TimeSpan.Zero));
        Assert.Equal(0, await sweep.RunOnceAsync(cancel));
        clock.SetUtcNow(new DateTimeOffset(2026, 9, 30, 16, 1, 0, TimeSpan.Zero));
        Assert.Equal(1, await sweep.RunOnceAsync(cancel));
        Assert.Equal(0, await sweep.RunOnceAsync(cancel));

        var read = await isolated.CallAsync(m => m.GetApplicationAsync(new GetApplicationRequest { ApplicationId = application.ApplicationId }, isolated.BankToken, cancellationToken: cancel).ResponseAsync);
        Assert.Equal(ApplicationStatus.Expired, read.Status);
        Assert.Equal(1, CountEvents(isolated, "ApplicationExpiredIntegrationEvent", application.ApplicationId));
        var late = await Assert.ThrowsAsync<RpcException>(() => isolated.CallAsync(m => m.ApproveApplicationAsync(new ApproveApplicationRequest
        {
            ApplicationId = application.ApplicationId, GrantedAmountFen = 50_000_000, AnnualRateBp = 345, TermMonths = 12, ContractDate = "2026-10-01",
        }, isolated.BankToken, cancellationToken: cancel).ResponseAsync));
        Assert.Equal(StatusCode.Aborted, late.StatusCode);

        // Submitted in the first minute of 1 October (a holiday): the one working day is 8 October.
        var second = await SubmitAsync(isolated);
        Assert.Equal("2026-10-08", second.DecideBy);

        // A decision arriving after the deadline but before the sweep expires the application itself.
        clock.SetUtcNow(new DateTimeOffset(2026, 10, 8, 16, 30, 0, TimeSpan.Zero));
        late = await Assert.ThrowsAsync<RpcException>(() => isolated.CallAsync(m => m.RejectApplicationAsync(
            new RejectApplicationRequest { ApplicationId = second.ApplicationId, Reason = "Too late", Code = Rejection.Types.Code.Other }, isolated.BankToken, cancellationToken: cancel).ResponseAsync));
        Assert.Equal(StatusCode.Aborted, late.StatusCode);
        Assert.Contains("expired", late.Status.Detail, StringComparison.Ordinal);
        read = await isolated.CallAsync(m => m.GetApplicationAsync(new GetApplicationRequest { ApplicationId = second.ApplicationId }, isolated.EnterpriseToken, cancellationToken: cancel).ResponseAsync);
        Assert.Equal(ApplicationStatus.Expired, read.Status);
    }

    [Fact]
    public async Task A_contact_or_a_withdrawal_after_the_decide_by_day_expires_the_application_before_the_sweep_does()
    {
        // Tuesday 29 September 2026, 10:00 in Beijing; one working day to decide (30 September).
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 9, 29, 2, 0, 0, TimeSpan.Zero));
        await using var isolated = await IsolatedMatching.StartAsync(platform, SweepOnDemand, b => b.Services.AddSingleton<TimeProvider>(clock), slaDays: 1);
        var cancel = TestContext.Current.CancellationToken;
        var contacted = await SubmitAsync(isolated);
        var withdrawn = await SubmitAsync(isolated);

        clock.SetUtcNow(new DateTimeOffset(2026, 9, 30, 16, 30, 0, TimeSpan.Zero));
        var late = await Assert.ThrowsAsync<RpcException>(() => isolated.MarketAsync(m => m.RecordContactAsync(
            new RecordContactRequest { ApplicationId = contacted.ApplicationId, Channel = ContactChannel.Phone }, isolated.BankToken, cancellationToken: cancel).ResponseAsync));
        Assert.Equal(StatusCode.Aborted, late.StatusCode);
        late = await Assert.ThrowsAsync<RpcException>(() => isolated.MarketAsync(m => m.WithdrawApplicationAsync(
            new WithdrawApplicationRequest { ApplicationId = withdrawn.ApplicationId, Reason = "Too slow" }, isolated.EnterpriseToken, cancellationToken: cancel).ResponseAsync));
        Assert.Equal(StatusCode.Aborted, late.StatusCode);
        foreach (var application in new[] { contacted, withdrawn })
        {
            var read = await isolated.CallAsync(m => m.GetApplicationAsync(new GetApplicationRequest { ApplicationId = application.ApplicationId }, isolated.EnterpriseToken, cancellationToken: cancel).ResponseAsync);
            Assert.Equal((ApplicationStatus.Expired, (ContactRecord?)null, ""), (read.Status, read.Contact, read.WithdrawnReason));
            Assert.Equal(1, CountEvents(isolated, "ApplicationExpiredIntegrationEvent", application.ApplicationId));
            // Its contact and decision steps, never kept, were raised with the expiry.
            Assert.Equal(2, CountEvents(isolated, "ServiceStepOverdueIntegrationEvent", application.ApplicationId));
        }
    }

    [Fact]
    public async Task The_bank_is_reminded_once_of_a_step_due_on_the_next_working_day()
    {
        // Tuesday 29 September 2026, 10:00 in Beijing: contact by 9 October (the third working day after the
        // National Day holiday begins), decide by 12 October; the product's own deadline lies past both.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 9, 29, 2, 0, 0, TimeSpan.Zero));
        await using var isolated = await IsolatedMatching.StartAsync(platform, SweepOnDemand, b => b.Services.AddSingleton<TimeProvider>(clock), slaDays: 10);
        var cancel = TestContext.Current.CancellationToken;
        var application = await SubmitAsync(isolated);
        Assert.Equal(("2026-10-09", "2026-10-12"), (application.ContactBy, application.PromisedDecisionBy));
        var sweep = isolated.Matching.App.Services.GetRequiredService<ExpirySweep>();

        async Task<long> RemindedOnAsync(int month, int day)
        {
            clock.SetUtcNow(new DateTimeOffset(2026, month, day, 2, 0, 0, TimeSpan.Zero));
            await sweep.RunOnceAsync(cancel);
            await sweep.RunOnceAsync(cancel);
            return CountEvents(isolated, "ServiceStepDueSoonIntegrationEvent", application.ApplicationId);
        }

        // 30 September, the eve of the holiday: the next working day is 8 October, nothing is due by then.
        Assert.Equal(0, await RemindedOnAsync(9, 30));
        // 8 October: the contact step, due the next day; twice swept, once reminded.
        Assert.Equal(1, await RemindedOnAsync(10, 8));
        // 9 October: the next working day is Saturday 10 October (worked in exchange), so not yet the decision.
        Assert.Equal(1, await RemindedOnAsync(10, 9));
        Assert.Equal(2, await RemindedOnAsync(10, 10));
    }

    [Fact]
    public async Task An_official_records_next_years_holidays_and_decide_by_dates_follow()
    {
        // Thursday 31 December 2026, 10:00 in Beijing; one working day to decide.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 31, 2, 0, 0, TimeSpan.Zero));
        await using var isolated = await IsolatedMatching.StartAsync(platform, SweepOnDemand, b => b.Services.AddSingleton<TimeProvider>(clock), slaDays: 1);
        var cancel = TestContext.Current.CancellationToken;
        // The holidays are national: the platform's operator records them, no region's official.
        var official = Platform.Bearer(await platform.TokenAsync("operator", "operator-calendar"));
        var district = Platform.Bearer(await platform.OfficialAsync("130903"));
        var province = Platform.Bearer(await platform.OfficialAsync("13"));

        var unknown = await isolated.CalendarAsync(c => c.GetWorkingCalendarAsync(new GetWorkingCalendarRequest { Year = 2027 }, isolated.BankToken, cancellationToken: cancel).ResponseAsync);
        Assert.False(unknown.NoticeKnown);
        Assert.Equal("2027-01-01", (await SubmitAsync(isolated)).DecideBy); // a Friday, as far as anyone knows

        var notice = new PutWorkingCalendarRequest { Year = 2027, Holidays = { "2027-01-01" }, Source = "国务院办公厅通知 (2027)" };
        foreach (var notAllowed in new[] { isolated.EnterpriseToken, district, province })
        {
            var denied = await Assert.ThrowsAsync<RpcException>(() => isolated.CalendarAsync(c => c.PutWorkingCalendarAsync(notice, notAllowed, cancellationToken: cancel).ResponseAsync));
            Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        }
        var wrong = notice.Clone();
        wrong.WorkingWeekendDays.Add("2027-01-06"); // a Wednesday
        var invalid = await Assert.ThrowsAsync<RpcException>(() => isolated.CalendarAsync(c => c.PutWorkingCalendarAsync(wrong, official, cancellationToken: cancel).ResponseAsync));
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.Contains("workingWeekendDays", invalid.Status.Detail, StringComparison.Ordinal);

        var recorded = await isolated.CalendarAsync(c => c.PutWorkingCalendarAsync(notice, official, cancellationToken: cancel).ResponseAsync);
        Assert.True(recorded.NoticeKnown);
        Assert.Equal(["2027-01-01"], recorded.Holidays);
        Assert.Equal("2027-01-04", (await SubmitAsync(isolated)).DecideBy); // New Year's Day off, then the weekend

        // A recorded year is corrected only with a reason, which the year then shows.
        var correction = notice.Clone();
        correction.Holidays.Add("2027-01-02");
        var noReason = await Assert.ThrowsAsync<RpcException>(() => isolated.CalendarAsync(c => c.PutWorkingCalendarAsync(correction, official, cancellationToken: cancel).ResponseAsync));
        Assert.Equal(StatusCode.InvalidArgument, noReason.StatusCode);
        Assert.Contains("reason", noReason.Status.Detail, StringComparison.Ordinal);
        correction.Reason = "The notice also gives 2 January";
        var corrected = await isolated.CalendarAsync(c => c.PutWorkingCalendarAsync(correction, official, cancellationToken: cancel).ResponseAsync);
        Assert.Equal(("The notice also gives 2 January", 2), (corrected.Reason, corrected.Holidays.Count));
    }

    // The outbox keeps published events for a week: the expiry was announced exactly once.
    private static long CountEvents(IsolatedMatching isolated, string topic, string applicationId)
    {
        using var connection = isolated.Matching.App.Services.GetRequiredService<FinanceMarket.ServiceDefaults.Storage.SqliteDatabase>().Open();
        using var command = FinanceMarket.ServiceDefaults.Storage.SqliteDatabase.Command(connection, null,
            "SELECT COUNT(*) FROM outbox WHERE topic = $topic AND payload LIKE $id", ("$topic", topic), ("$id", $"%{applicationId}%"));
        return (long)command.ExecuteScalar()!;
    }

    private static async Task<Application> SubmitAsync(IsolatedMatching isolated)
    {
        var cancel = TestContext.Current.CancellationToken;
        var need = await isolated.CallAsync(m => m.PostFinancingNeedAsync(isolated.Need(), isolated.EnterpriseToken, Deadline, cancel).ResponseAsync);
        return await isolated.CallAsync(m => m.SubmitApplicationAsync(
            new SubmitApplicationRequest { NeedId = need.NeedId, ProductId = isolated.ProductId, ConsentToCreditQuery = true },
            isolated.EnterpriseToken, Deadline, cancel).ResponseAsync);
    }
}
