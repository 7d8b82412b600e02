using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using FinanceMarket.TestInfrastructure;
using FinanceMarket.FunctionalTests.Loans;
using FinanceMarket.FunctionalTests.Matching;
using FinanceMarket.IntegrationEvents;
using FinanceMarket.Totals.V1;
using Grpc.Core;

namespace FinanceMarket.FunctionalTests.Totals;

// The totals service in the platform: its subscriptions as daprd reads them, CloudEvents posted to the real
// endpoints (twice, out of order, poisoned), the figures through the gateway, and WatchTotals.
public sealed class TotalsTests(Platform platform)
{
    private static int _district = 9;

    // Each test of this class its own district of 130910-130919 (a random pick of those once gave two tests the
    // same one, and each saw the other's deal); 130920-130949 and 130960-130998 are other tests'.
    private static string UnusedDistrict() => "1309" + Interlocked.Increment(ref _district).ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_deal_approved_through_the_gateway_reaches_the_district_s_totals()
    {
        using var official = platform.Rest(await platform.OfficialAsync("130903"));
        var (_, before) = await official.GetJsonAsync("/api/v1/totals?regionCode=130903");
        using var scenario = await MatchingScenario.CreateAsync(platform);
        var applicationId = (string)(await scenario.ApplyAsync())["applicationId"]!;
        var (status, _) = await scenario.Bank.SendJsonAsync($"/api/v1/applications/{applicationId}:approve", MatchingScenario.Approval(amountFen: 12_345_678));
        Assert.Equal(HttpStatusCode.OK, status);

        // The bank is this test's alone: its breakdown row shows when this deal's event has been counted.
        // Other tests approve deals in the same district meanwhile, so the district's figures grow by at least it.
        var banks = await EventuallyAsync(official, "/api/v1/totals/breakdown?by=BANK&regionCode=130903",
            b => b["rows"]?.AsArray().Any(r => (string?)r!["key"] == scenario.BankId && Long(r, "matchedDeals") == 1) == true);
        var row = banks["rows"]!.AsArray().Single(r => (string?)r!["key"] == scenario.BankId)!;
        Assert.Equal((1L, 12_345_678L, 1L), (Long(row, "matchedDeals"), Long(row, "creditGrantedFen"), Long(row, "applications")));
        var (_, after) = await official.GetJsonAsync("/api/v1/totals?regionCode=130903");
        Assert.True(Long(after, "creditGrantedFen") >= Long(before, "creditGrantedFen") + 12_345_678, after.ToJsonString());
        Assert.True(Long(after, "matchedDeals") > Long(before, "matchedDeals") && Long(after, "applications") > Long(before, "applications"), after.ToJsonString());
        var (_, industries) = await official.GetJsonAsync("/api/v1/totals/breakdown?by=INDUSTRY&regionCode=130903");
        Assert.Contains("C 制造业", industries["rows"]!.AsArray().Select(r => (string?)r!["label"]));
    }

    [Fact]
    public async Task The_same_cloud_event_twice_counts_once_and_a_poison_event_is_refused()
    {
        // A Cangzhou district no other test uses (the scenario's product serves 1309).
        var region = UnusedDistrict();
        using var official = platform.Rest(await platform.OfficialAsync(region));
        var approved = Approved(region, 7_000_000);

        Assert.Equal(HttpStatusCode.OK, (await DeliverAsync<ApplicationApprovedIntegrationEvent>(approved)).Status);
        Assert.Equal(HttpStatusCode.OK, (await DeliverAsync<ApplicationApprovedIntegrationEvent>(approved)).Status);
        var (_, totals) = await official.GetJsonAsync($"/api/v1/totals?regionCode={region}");
        Assert.Equal((1L, 7_000_000L, 1L), (Long(totals, "matchedDeals"), Long(totals, "creditGrantedFen"), Long(totals, "enterprisesServed")));

        // A rejection of the same application arriving after its approval is not a second outcome.
        var rejected = new JsonObject
        {
            ["applicationId"] = approved["applicationId"]!.DeepClone(), ["productId"] = "p", ["bankId"] = "ccb", ["uscc"] = approved["uscc"]!.DeepClone(),
            ["regionCode"] = region, ["industryCode"] = "C34", ["reason"] = "late", ["decidedOn"] = "2026-11-03", ["id"] = Guid.CreateVersion7().ToString(),
        };
        Assert.Equal(HttpStatusCode.OK, (await DeliverAsync<ApplicationRejectedIntegrationEvent>(rejected)).Status);
        (_, totals) = await official.GetJsonAsync($"/api/v1/totals?regionCode={region}");
        Assert.Equal((1L, 0L), (Long(totals, "matchedDeals"), Long(totals, "rejected")));

        var poison = Approved(region, 1);
        poison["regionCode"] = "nowhere";
        var (status, body) = await DeliverAsync<ApplicationApprovedIntegrationEvent>(poison);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("cannot be counted", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await DeliverAsync<ApplicationApprovedIntegrationEvent>(Approved(region, 1), token: "wrong")).Status);
        (_, totals) = await official.GetJsonAsync($"/api/v1/totals?regionCode={region}");
        Assert.Equal(1L, Long(totals, "matchedDeals"));
    }

    [Fact]
    public async Task Reconciliation_agrees_with_the_sources_and_names_a_total_broken_on_purpose()
    {
        // A Cangzhou district only this test uses: one deal approved and rejected through the platform.
        var region = "1309" + Random.Shared.Next(20, 50).ToString(System.Globalization.CultureInfo.InvariantCulture); // AccessTests takes 60-98
        using var official = platform.Rest(await platform.OfficialAsync(region));
        using var scenario = await MatchingScenario.CreateAsync(platform, region: region);
        var approvedId = (string)(await scenario.ApplyAsync())["applicationId"]!;
        Assert.Equal(HttpStatusCode.OK, (await scenario.Bank.SendJsonAsync($"/api/v1/applications/{approvedId}:approve", MatchingScenario.Approval(amountFen: 20_000_000))).Status);
        var rejectedId = (string)(await scenario.ApplyAsync())["applicationId"]!;
        Assert.Equal(HttpStatusCode.OK, (await scenario.Bank.SendJsonAsync($"/api/v1/applications/{rejectedId}:reject", new { code = "COLLATERAL", reason = "Collateral insufficient" })).Status);

        // Once the events have arrived the running totals equal the rebuild, figure for figure.
        var clean = await EventuallyAsync(official, $"/api/v1/totals?regionCode={region}", t => Long(t, "rejected") == 1 && Long(t, "matchedDeals") == 1);
        Assert.Equal((2L, 20_000_000L), (Long(clean, "applications"), Long(clean, "creditGrantedFen")));
        var (status, report) = await official.SendJsonAsync("/api/v1/totals:reconcile", new { regionCode = region });
        Assert.True(status == HttpStatusCode.OK, report.ToJsonString());
        Assert.Empty(report["differences"]?.AsArray() ?? []);

        // A deal nobody made, counted anyway: the report names the figure, where, and both values.
        var forged = Approved(region, 999);
        Assert.Equal(HttpStatusCode.OK, (await DeliverAsync<ApplicationApprovedIntegrationEvent>(forged)).Status);
        (_, report) = await official.SendJsonAsync("/api/v1/totals:reconcile", new { regionCode = region });
        var differences = report["differences"]!.AsArray().Select(d => ((string?)d!["scope"], (string?)d["figure"], Long(d, "running"), Long(d, "rebuilt"))).ToList();
        Assert.Contains((region, "matchedDeals", 2L, 1L), differences);
        Assert.Contains((region, "creditGrantedFen", 20_000_999L, 20_000_000L), differences);
        Assert.Contains(($"{region}|BANK|ccb-{region}", "matchedDeals", 1L, 0L), differences);

        using var elsewhere = platform.Rest(await platform.OfficialAsync("1101"));
        Assert.Equal(HttpStatusCode.Forbidden, (await elsewhere.SendJsonAsync("/api/v1/totals:reconcile", new { regionCode = region })).Status);
    }

    // The loan ledger's lines reach the totals: two tranches and a repayment move the district's balance, its
    // month rows end on the month's balance, a bank's row in one month holds what it did then, and the
    // reconciliation rebuilds all of it from the ledger and the registry, naming a line nobody recorded.
    [Fact]
    public async Task Loan_lines_reach_the_totals_by_month_and_bank_and_reconcile_with_the_ledger()
    {
        // A district no other test uses, with a product of its own.
        var region = TestData.FreshRegion();
        using var official = platform.Rest(await platform.OfficialAsync(region));
        using var scenario = await MatchingScenario.CreateAsync(platform, Api.ProductFor(region), region: region);
        var (_, loanId) = await LoanSteps.ApproveTodayAsync(scenario);
        var today = Domain.ChinaTime.Today(TimeProvider.System);
        var later = today.AddMonths(1);
        await LoanSteps.RecordAsync(scenario.Bank, loanId, "disbursements", new { on = Domain.Dates.Day(today), amountFen = 60_000_000 });
        await LoanSteps.RecordAsync(scenario.Bank, loanId, "disbursements", new { on = Domain.Dates.Day(later), amountFen = 40_000_000 });
        await LoanSteps.RecordAsync(scenario.Bank, loanId, "repayments", new { on = Domain.Dates.Day(later), principalFen = 25_000_000, interestFen = 172_500 });

        var totals = await EventuallyAsync(official, $"/api/v1/totals?regionCode={region}", t => t["loans"] is { } l && Long(l, "repaidPrincipalFen") == 25_000_000);
        var loans = totals["loans"]!;
        Assert.Equal((1L, 100_000_000L, 75_000_000L, 75_000_000L, 1L, 100_000_000L), (Long(loans, "loansDisbursed"), Long(loans, "disbursedFen"),
            Long(loans, "balanceFen"), Long(loans, "inclusiveBalanceFen"), Long(loans, "firstLoanFirms"), Long(loans, "firstLoanFen")));
        Assert.Equal((0, 10_000), ((int)loans["overdueRatioBp"]!, (int)loans["creditLoanShareBp"]!));
        // The scenario's firm, registered this month, is the district's one enterprise on the platform.
        Assert.Equal(1L, Long(totals, "enterprisesRegistered"));

        string Month(DateOnly day) => day.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var (_, months) = await official.GetJsonAsync($"/api/v1/totals/breakdown?by=MONTH&regionCode={region}");
        Assert.Equal([(Month(today), 60_000_000L, 60_000_000L), (Month(later), 40_000_000L, 75_000_000L)],
            months["rows"]!.AsArray().Where(r => r!["loans"] is not null && Long(r["loans"]!, "disbursedFen") > 0)
                .Select(r => ((string)r!["key"]!, Long(r["loans"]!, "disbursedFen"), Long(r["loans"]!, "balanceFen"))));
        var (_, banks) = await official.GetJsonAsync($"/api/v1/totals/breakdown?by=BANK&regionCode={region}&month={Month(later)}");
        var row = Assert.Single(banks["rows"]!.AsArray());
        Assert.Equal(((string)scenario.BankId, 40_000_000L, 75_000_000L, 25_000_000L), ((string)row!["key"]!, Long(row["loans"]!, "disbursedFen"),
            Long(row["loans"]!, "balanceFen"), Long(row["loans"]!, "repaidPrincipalFen")));
        Assert.Equal(HttpStatusCode.BadRequest, (await official.GetJsonAsync($"/api/v1/totals/breakdown?by=MONTH&regionCode={region}&month={Month(later)}")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await official.GetJsonAsync($"/api/v1/totals/breakdown?by=BANK&regionCode={region}&month=2026-13")).Status);

        var (reconciled, report) = await official.SendJsonAsync("/api/v1/totals:reconcile", new { regionCode = region });
        Assert.True(reconciled == HttpStatusCode.OK, report.ToJsonString());
        Assert.Empty(report["differences"]?.AsArray() ?? []);

        // A disbursement no bank recorded, counted anyway: named in the month it claims and the bank's month.
        var forged = new JsonObject
        {
            ["loanId"] = Guid.NewGuid().ToString(), ["applicationId"] = Guid.NewGuid().ToString(), ["bankId"] = scenario.BankId,
            ["uscc"] = TestData.NewUscc(region), ["regionCode"] = region, ["industryCode"] = "C34", ["sizeClass"] = "SMALL", ["productKind"] = "CREDIT",
            ["sequence"] = 2, ["kind"] = "DISBURSED", ["on"] = Domain.Dates.Day(later), ["principalFen"] = 999, ["interestFen"] = 0, ["balanceAfterFen"] = 999,
            ["balanceDeltaFen"] = 999, ["overdueDeltaFen"] = 0, ["status"] = "ACTIVE", ["firstDisbursement"] = true,
            ["id"] = Guid.CreateVersion7().ToString(), ["occurredAt"] = DateTimeOffset.UtcNow.ToString("O"), ["schemaVersion"] = 1,
        };
        Assert.Equal(HttpStatusCode.OK, (await DeliverAsync<LoanEntryRecordedIntegrationEvent>(forged)).Status);
        (_, report) = await official.SendJsonAsync("/api/v1/totals:reconcile", new { regionCode = region });
        var differences = report["differences"]!.AsArray().Select(d => ((string?)d!["scope"], (string?)d["figure"], Long(d, "running"), Long(d, "rebuilt"))).ToList();
        Assert.Contains((region, "loanBalanceFen", 75_000_999L, 75_000_000L), differences);
        Assert.Contains(($"{region}|MONTH|{Month(later)}", "disbursedFen", 40_000_999L, 40_000_000L), differences);
        Assert.Contains(($"{region}|BANK|{scenario.BankId}|{Month(later)}", "loansDisbursed", 1L, 0L), differences);

        // The sources' reads behind the reconciliation answer officials of the region, and nobody else.
        var mine = Platform.Bearer(await platform.OfficialAsync(region));
        using var loansChannel = Grpc.Net.Client.GrpcChannel.ForAddress(platform.Services["loans"].Address);
        using var registryChannel = Grpc.Net.Client.GrpcChannel.ForAddress(platform.Services["enterprises"].Address);
        var ledger = new FinanceMarket.Loans.V1.Loans.LoansClient(loansChannel);
        var registry = new FinanceMarket.Enterprises.V1.EnterpriseRegistry.EnterpriseRegistryClient(registryChannel);
        var counted = await registry.CountRegistrationsAsync(new() { RegionCode = region }, mine, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal((region, "C", Month(today), 1L), Assert.Single(counted.Counts.Select(c => (c.RegionCode, c.IndustrySection, c.Month, c.Count))));
        using (var read = ledger.StreamLedgerLines(new() { RegionCode = region }, mine, cancellationToken: TestContext.Current.CancellationToken))
        {
            var kinds = new List<string>();
            await foreach (var line in read.ResponseStream.ReadAllAsync(TestContext.Current.CancellationToken))
            {
                kinds.Add(line.Kind);
            }

            Assert.Equal(["DISBURSED", "DISBURSED", "REPAID"], kinds.Where(k => k is "DISBURSED" or "REPAID"));
        }

        foreach (var stranger in new[] { Platform.Bearer(await platform.OfficialAsync("1101")), Platform.Bearer(await platform.TokenAsync("bank", scenario.BankId)) })
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() =>
                registry.CountRegistrationsAsync(new() { RegionCode = region }, stranger, cancellationToken: TestContext.Current.CancellationToken).ResponseAsync);
            Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
            using var read = ledger.StreamLedgerLines(new() { RegionCode = region }, stranger, cancellationToken: TestContext.Current.CancellationToken);
            refused = await Assert.ThrowsAsync<RpcException>(async () => await read.ResponseStream.MoveNext(TestContext.Current.CancellationToken));
            Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        }
    }

    [Fact]
    public async Task Officials_read_only_their_region_and_nobody_else_reads_totals()
    {
        using var yunhe = platform.Rest(await platform.OfficialAsync("130903"));
        Assert.Equal(HttpStatusCode.Forbidden, (await yunhe.GetJsonAsync("/api/v1/totals?regionCode=1309")).Status);
        Assert.Equal(HttpStatusCode.OK, (await yunhe.GetJsonAsync("/api/v1/totals")).Status);
        var (status, body) = await yunhe.GetJsonAsync("/api/v1/totals/breakdown?by=PLANET");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        using var enterprise = platform.Rest(await platform.TokenAsync("enterprise", TestData.NewUscc()));
        Assert.Equal(HttpStatusCode.Forbidden, (await enterprise.GetJsonAsync("/api/v1/totals?regionCode=130903")).Status);
        using var bank = platform.Rest(await platform.TokenAsync("bank", TestData.NewBankId()));
        Assert.Equal(HttpStatusCode.Forbidden, (await bank.GetJsonAsync("/api/v1/totals/breakdown?by=BANK")).Status);
    }

    [Fact]
    public async Task WatchTotals_streams_a_new_snapshot_when_a_figure_changes()
    {
        // A Cangzhou district no other test uses (the scenario's product serves 1309).
        var region = UnusedDistrict();
        var token = Platform.Bearer(await platform.OfficialAsync(region));
        using var channel = platform.Grpc();
        using var watch = new FinanceMarket.Totals.V1.Totals.TotalsClient(channel).WatchTotals(
            new GetTotalsRequest { RegionCode = region }, token, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(await watch.ResponseStream.MoveNext(TestContext.Current.CancellationToken));
        Assert.Equal(0, watch.ResponseStream.Current.MatchedDeals);

        await DeliverAsync<ApplicationApprovedIntegrationEvent>(Approved(region, 5_000_000));
        Assert.True(await watch.ResponseStream.MoveNext(TestContext.Current.CancellationToken));
        Assert.Equal((1L, 5_000_000L), (watch.ResponseStream.Current.MatchedDeals, watch.ResponseStream.Current.CreditGrantedFen));
    }

    [Fact]
    public async Task One_subject_holds_at_most_four_watches_and_a_closed_one_frees_its_place()
    {
        // A Cangzhou district no other test uses (the scenario's product serves 1309).
        var region = UnusedDistrict();
        var token = Platform.Bearer(await platform.OfficialAsync(region));
        using var channel = platform.Grpc();
        var totals = new FinanceMarket.Totals.V1.Totals.TotalsClient(channel);
        var open = new List<AsyncServerStreamingCall<TotalsSnapshot>>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                var watch = totals.WatchTotals(new GetTotalsRequest { RegionCode = region }, token, cancellationToken: TestContext.Current.CancellationToken);
                open.Add(watch);
                Assert.True(await watch.ResponseStream.MoveNext(TestContext.Current.CancellationToken));
            }

            using var fifth = totals.WatchTotals(new GetTotalsRequest { RegionCode = region }, token, cancellationToken: TestContext.Current.CancellationToken);
            var refused = await Assert.ThrowsAsync<RpcException>(() => fifth.ResponseStream.MoveNext(TestContext.Current.CancellationToken));
            Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);

            open[0].Dispose();
            open.RemoveAt(0);
            // The server hears of the closed stream a moment later; until then the place is still held.
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            var reopened = false;
            while (!reopened && DateTime.UtcNow < deadline)
            {
                var again = totals.WatchTotals(new GetTotalsRequest { RegionCode = region }, token, cancellationToken: TestContext.Current.CancellationToken);
                try
                {
                    reopened = await again.ResponseStream.MoveNext(TestContext.Current.CancellationToken);
                    open.Add(again);
                }
                catch (RpcException ex) when (ex.StatusCode == StatusCode.ResourceExhausted)
                {
                    again.Dispose();
                    await Task.Delay(200, TestContext.Current.CancellationToken);
                }
            }

            Assert.True(reopened, "closing a watch did not free its place");
        }
        finally
        {
            open.ForEach(w => w.Dispose());
        }
    }

    [Fact]
    public async Task A_watch_ends_when_the_token_that_opened_it_expires()
    {
        // A Cangzhou district no other test uses (the scenario's product serves 1309).
        var region = UnusedDistrict();
        var now = DateTime.UtcNow;
        var shortLived = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Issuer = ServiceDefaults.Security.AuthOptions.LocalIssuer,
            Audience = ServiceDefaults.Security.AuthOptions.DefaultAudience,
            Claims = new Dictionary<string, object> { ["sub"] = "official-brief", ["role"] = "official", ["region"] = region },
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddSeconds(4),
            SigningCredentials = new Microsoft.IdentityModel.Tokens.SigningCredentials(
                ServiceDefaults.Security.AuthExtensions.LocalSigningKey(platform.SigningKey), Microsoft.IdentityModel.Tokens.SecurityAlgorithms.HmacSha256),
        });
        using var channel = platform.Grpc();
        using var watch = new FinanceMarket.Totals.V1.Totals.TotalsClient(channel).WatchTotals(
            new GetTotalsRequest { RegionCode = region }, Platform.Bearer(shortLived), cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(await watch.ResponseStream.MoveNext(TestContext.Current.CancellationToken));

        using var patience = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        patience.CancelAfter(TimeSpan.FromSeconds(30));
        var ended = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await watch.ResponseStream.MoveNext(patience.Token))
            {
            }
        });
        Assert.Equal(StatusCode.Unauthenticated, ended.StatusCode);
    }

    private static JsonObject Approved(string region, long amountFen) => new()
    {
        ["applicationId"] = Guid.CreateVersion7().ToString(),
        ["productId"] = "product-1",
        ["bankId"] = "ccb-" + region,
        ["uscc"] = TestData.NewUscc(region),
        ["regionCode"] = region,
        ["industryCode"] = "C34",
        ["sizeClass"] = "SMALL",
        ["productKind"] = "CREDIT",
        ["grantedAmountFen"] = amountFen,
        ["annualRateBp"] = 345,
        ["termMonths"] = 12,
        ["contractDate"] = "2026-11-02",
        ["subsidyEligible"] = true,
        ["id"] = Guid.CreateVersion7().ToString(),
        ["occurredAt"] = DateTimeOffset.UtcNow.ToString("O"),
        ["schemaVersion"] = 1,
    };

    private async Task<(HttpStatusCode Status, string Body)> DeliverAsync<TEvent>(JsonObject data, string? token = null) where TEvent : IntegrationEvent
    {
        var topic = PubSub.TopicOf<TEvent>();
        var envelope = new JsonObject
        {
            ["specversion"] = "1.0", ["id"] = (string)data["id"]!, ["source"] = "test", ["type"] = topic, ["topic"] = topic,
            ["pubsubname"] = PubSub.Name, ["datacontenttype"] = "application/json", ["data"] = data.DeepClone(),
        };
        using var http = H2c();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/events/" + topic)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new StringContent(envelope.ToJsonString(), Encoding.UTF8, "application/cloudevents+json"),
        };
        request.Headers.Add("dapr-api-token", token ?? platform.AppApiToken);
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private static async Task<JsonObject> EventuallyAsync(HttpClient http, string path, Func<JsonObject, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var (_, body) = await http.GetJsonAsync(path);
            if (done(body))
            {
                return body;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{path} never reached the expected figures: {body.ToJsonString()}");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    private static long Long(JsonNode node, string name) => (long?)node[name] ?? 0;

    private HttpClient H2c() => new()
    {
        BaseAddress = new Uri(platform.Totals.Address),
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };
}
