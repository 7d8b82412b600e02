using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using FinanceMarket.FunctionalTests.Replay;
using FinanceMarket.TestInfrastructure;

namespace FinanceMarket.FunctionalTests.Market;

// The market loop through the gateway, on a platform of its own with a demo clock (so that only this test's
// banks are on its shelf, and its days can pass): a need broadcast to four banks, taken by three of them at
// once, answered, declined, left silent past the promise, supervised and referred to the fourth.
public sealed class MarketJourneyTests(Platform platform)
{
    [Fact]
    public async Task A_broadcast_need_is_taken_answered_supervised_and_referred()
    {
        await using var market = await ReplayPlatform.StartAsync(platform);
        var cancel = TestContext.Current.CancellationToken;
        HttpClient As(string token) => platform.Rest(token, market.RestAddress);
        using var official = As(await platform.OfficialAsync("130903"));
        using var province = As(await platform.OfficialAsync("13"));

        var banks = new List<(string Id, string Name, string ProductId, HttpClient Client)>();
        for (var i = 0; i < 4; i++)
        {
            var bankId = TestData.NewBankId();
            var name = $"沧州银行第{i + 1}支行";
            var (created, body) = await province.SendJsonAsync("/api/v1/banks", new { bankId, name });
            Assert.True(created == HttpStatusCode.OK, body.ToJsonString());
            var client = As(await platform.TokenAsync("bank", bankId));
            var product = Api.Product($"Credit loan {i + 1}");
            // Long enough that the silent bank's application has not expired when the test looks, whatever
            // holidays the demo's weeks hold.
            product["decisionSlaDays"] = 22;
            var (listed, listing) = await client.SendJsonAsync($"/api/v1/banks/{bankId}/products", product);
            Assert.True(listed == HttpStatusCode.OK, listing.ToJsonString());
            banks.Add((bankId, name, (string)listing["productId"]!, client));
        }

        // The first bank has its notices POSTed to its own receiver; a webhook it cannot be given is refused,
        // and nobody else reads it.
        const string secret = "journey-webhook-secret-0123";
        await using var receiver = await WebhookReceiver.StartAsync(secret);
        var (badHook, badHookProblem) = await banks[0].Client.SendJsonAsync($"/api/v1/banks/{banks[0].Id}/webhook", new { url = "ftp://bank.example/x", secret = "short" }, HttpMethod.Put);
        Assert.Equal(HttpStatusCode.BadRequest, badHook);
        Assert.Equal(["url", "secret"], badHookProblem.ViolatedFields());
        var (hooked, hook) = await banks[0].Client.SendJsonAsync($"/api/v1/banks/{banks[0].Id}/webhook", new { url = receiver.Url, secret }, HttpMethod.Put);
        Assert.True(hooked == HttpStatusCode.OK, hook.ToJsonString());
        Assert.Null(hook["secret"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await banks[1].Client.GetJsonAsync($"/api/v1/banks/{banks[0].Id}/webhook")).Status);

        var uscc = TestData.NewUscc("130903");
        using var enterprise = As(await platform.TokenAsync("enterprise", uscc));
        var registration = Api.Enterprise(uscc);
        Assert.Equal(HttpStatusCode.OK, (await enterprise.SendJsonAsync("/api/v1/enterprises", registration)).Status);
        var (_, registered) = await enterprise.GetJsonAsync($"/api/v1/enterprises/{uscc}");
        var enterpriseName = (string)registered["name"]!;

        // The four products reach matching by their events: the need is posted once all four match it.
        JsonObject need = null!;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        do
        {
            await Task.Delay(100, cancel);
            var (_, posted) = await enterprise.SendJsonAsync("/api/v1/financing-needs", new { uscc, amountFen = 50_000_000, termMonths = 12, purpose = "Raw materials" });
            need = posted;
        }
        while ((int?)need["matchCount"] != 4 && DateTime.UtcNow < deadline);
        Assert.Equal(4, (int?)need["matchCount"]);
        var needId = (string)need["needId"]!;

        // Broadcast with consent, three takers at most.
        var (refused, refusal) = await enterprise.SendJsonAsync($"/api/v1/financing-needs/{needId}:broadcast", new { consentToCreditQuery = false, maxTakers = 9 });
        Assert.Equal(HttpStatusCode.BadRequest, refused);
        Assert.Equal(["consentToCreditQuery", "maxTakers"], refusal.ViolatedFields());
        var (ok, broadcast) = await enterprise.SendJsonAsync($"/api/v1/financing-needs/{needId}:broadcast", new { consentToCreditQuery = true, maxTakers = 3 });
        Assert.True(ok == HttpStatusCode.OK, broadcast.ToJsonString());
        Assert.Equal(("OPEN", 4, 0, 1), ((string?)broadcast["status"], (int)broadcast["banksReached"]!, (int?)broadcast["taken"] ?? 0, (int)broadcast["round"]!));
        Assert.Equal(HttpStatusCode.Conflict, (await enterprise.SendJsonAsync($"/api/v1/financing-needs/{needId}:broadcast", new { consentToCreditQuery = true })).Status);

        // Every bank sees the need and its own fitting product, never who the enterprise is.
        foreach (var bank in banks)
        {
            var (status, page) = await bank.Client.GetJsonAsync($"/api/v1/banks/{bank.Id}/opportunities?order=DEADLINE");
            Assert.True(status == HttpStatusCode.OK, page.ToJsonString());
            var opportunity = Assert.Single(page["opportunities"]!.AsArray())!.AsObject();
            Assert.Equal((needId, 50_000_000L, "SMALL", "130903"), ((string?)opportunity["needId"], (long)opportunity["amountFen"]!, (string?)opportunity["sizeClass"], (string?)opportunity["regionCode"]));
            Assert.Equal(bank.ProductId, (string?)opportunity["products"]![0]!["productId"]);
            Assert.DoesNotContain(uscc, page.ToJsonString(), StringComparison.Ordinal);
            Assert.DoesNotContain(enterpriseName, page.ToJsonString(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await banks[0].Client.GetJsonAsync($"/api/v1/banks/{banks[1].Id}/opportunities")).Status);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await banks[0].Client.SendJsonAsync($"/api/v1/financing-needs/{needId}:take", new { bankId = banks[1].Id, productId = banks[1].ProductId })).Status);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await banks[0].Client.SendJsonAsync($"/api/v1/financing-needs/{needId}:take", new { bankId = banks[0].Id, productId = banks[1].ProductId })).Status);

        // Four banks take it at once: exactly three win, the fourth is told 409.
        var takes = await Task.WhenAll(banks.Select(b =>
            b.Client.SendJsonAsync($"/api/v1/financing-needs/{needId}:take", new { bankId = b.Id, productId = b.ProductId })));
        Assert.Equal(3, takes.Count(t => t.Status == HttpStatusCode.OK));
        Assert.Equal(1, takes.Count(t => t.Status == HttpStatusCode.Conflict));
        var takers = banks.Zip(takes).Where(p => p.Second.Status == HttpStatusCode.OK).Select(p => (Bank: p.First, Application: p.Second.Body)).ToList();
        var left = banks.Zip(takes).Single(p => p.Second.Status != HttpStatusCode.OK).First;
        foreach (var (bank, application) in takers)
        {
            // Taken, the bank sees whom it serves.
            Assert.Equal(("TAKEN", uscc, enterpriseName, bank.Name), ((string?)application["origin"], (string?)application["uscc"], (string?)application["enterpriseName"], (string?)application["bankName"]));
            Assert.Equal(HttpStatusCode.Conflict,
                (await bank.Client.SendJsonAsync($"/api/v1/financing-needs/{needId}:take", new { bankId = bank.Id, productId = bank.ProductId })).Status);
        }

        var (_, full) = await enterprise.GetJsonAsync($"/api/v1/financing-needs/{needId}/broadcast");
        Assert.Equal(("FULL", 3), ((string?)full["status"], (int)full["taken"]!));
        Assert.Equal(takers.Select(t => t.Bank.Name).Order(), full["takers"]!.AsArray().Select(t => (string)t!["bankName"]!).Order());
        Assert.Empty((await left.Client.GetJsonAsync($"/api/v1/banks/{left.Id}/opportunities")).Body["opportunities"]?.AsArray() ?? []);

        // The first takes contact and approves; the second rejects for collateral; the third stays silent.
        var (approver, approved) = takers[0];
        var (rejecter, rejected) = takers[1];
        var (silent, silentApplication) = takers[2];
        string Id(JsonObject application) => (string)application["applicationId"]!;
        var (contactRefused, contactProblem) = await approver.Client.SendJsonAsync($"/api/v1/applications/{Id(approved)}:contact", new { channel = "FAX" });
        Assert.Equal(HttpStatusCode.BadRequest, contactRefused);
        var (contacted, contact) = await approver.Client.SendJsonAsync($"/api/v1/applications/{Id(approved)}:contact", new { channel = "PHONE", note = "Visited the workshop next Tuesday" });
        Assert.True(contacted == HttpStatusCode.OK, contact.ToJsonString());
        Assert.Equal("PHONE", (string?)contact["contact"]!["channel"]);
        Assert.Equal(HttpStatusCode.Conflict, (await approver.Client.SendJsonAsync($"/api/v1/applications/{Id(approved)}:contact", new { channel = "VISIT" })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await rejecter.Client.SendJsonAsync($"/api/v1/applications/{Id(approved)}:contact", new { channel = "VISIT" })).Status);
        var (_, clock) = await official.GetJsonAsync("/api/v1/dev/clock");
        var today = DateOnly.Parse((string)clock["today"]!, CultureInfo.InvariantCulture);
        var (approvedStatus, approval) = await approver.Client.SendJsonAsync($"/api/v1/applications/{Id(approved)}:approve",
            Matching.MatchingScenario.Approval(contractDate: today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        Assert.True(approvedStatus == HttpStatusCode.OK, approval.ToJsonString());
        var (rejectedStatus, rejection) = await rejecter.Client.SendJsonAsync($"/api/v1/applications/{Id(rejected)}:reject",
            new { code = "COLLATERAL", reason = "A loan of this size needs a guarantor" });
        Assert.True(rejectedStatus == HttpStatusCode.OK, rejection.ToJsonString());
        var (_, seen) = await enterprise.GetJsonAsync($"/api/v1/applications/{Id(rejected)}");
        Assert.Equal("COLLATERAL", (string?)seen["rejection"]!["code"]);
        Assert.Contains("guarantor", (string?)seen["rejection"]!["whatWouldChange"], StringComparison.Ordinal);

        // Three weeks later the silent bank has missed its contact (3 working days) and decision (5) promises.
        Assert.Equal(HttpStatusCode.OK, (await official.SendJsonAsync("/api/v1/dev/clock",
            new { today = today.AddDays(21).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }, HttpMethod.Put)).Status);
        JsonObject supervision = null!;
        deadline = DateTime.UtcNow.AddSeconds(20);
        do
        {
            await Task.Delay(200, cancel);
            (_, supervision) = await official.GetJsonAsync($"/api/v1/supervision?regionCode=130903&bankId={silent.Id}");
        }
        while ((supervision["items"]?.AsArray().Count ?? 0) < 2 && DateTime.UtcNow < deadline);
        var items = supervision["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
        Assert.Equal(["CONTACT", "DECIDE"], items.Select(i => (string)i["step"]!));
        Assert.All(items, i =>
        {
            Assert.Equal(("OVERDUE", Id(silentApplication), silent.Name, enterpriseName), ((string?)i["status"], (string?)i["applicationId"], (string?)i["bankName"], (string?)i["enterpriseName"]));
            Assert.True((int)i["daysOver"]! >= 1, i.ToJsonString());
        });
        var byBank = Assert.Single(supervision["byBank"]!.AsArray())!;
        Assert.Equal((silent.Id, silent.Name, 2), ((string?)byBank["bankId"], (string?)byBank["bankName"], (int)byBank["overdue"]!));
        var (_, everyone) = await official.GetJsonAsync("/api/v1/supervision");
        Assert.DoesNotContain(everyone["items"]!.AsArray(), i => (string?)i!["bankId"] == approver.Id || (string?)i!["bankId"] == rejecter.Id);

        // The official chases the bank; another region may not, nor the bank itself read the list.
        var stepId = (string)items[0]["stepId"]!;
        var (noted, note) = await official.SendJsonAsync($"/api/v1/supervision/{stepId}/notes", new { text = "Phoned the branch manager; contact promised tomorrow" });
        Assert.True(noted == HttpStatusCode.OK, note.ToJsonString());
        Assert.Equal("Phoned the branch manager; contact promised tomorrow", (string?)note["notes"]![0]!["text"]);
        using (var elsewhere = As(await platform.OfficialAsync("131102")))
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await elsewhere.SendJsonAsync($"/api/v1/supervision/{stepId}/notes", new { text = "x" })).Status);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await silent.Client.GetJsonAsync("/api/v1/supervision")).Status);

        // Contact made late: met late, off the overdue count.
        Assert.Equal(HttpStatusCode.OK, (await silent.Client.SendJsonAsync($"/api/v1/applications/{Id(silentApplication)}:contact", new { channel = "VISIT" })).Status);
        var (_, after) = await official.GetJsonAsync($"/api/v1/supervision?regionCode=130903&bankId={silent.Id}&status=MET_LATE");
        Assert.Equal(stepId, (string?)Assert.Single(after["items"]!.AsArray())!["stepId"]);

        // Referred: the need goes to the fourth bank only, never back to the bank that declined it.
        Assert.Equal(HttpStatusCode.BadRequest, (await enterprise.SendJsonAsync($"/api/v1/applications/{Id(approved)}:refer", new { })).Status);
        var (referred, referral) = await enterprise.SendJsonAsync($"/api/v1/applications/{Id(rejected)}:refer", new { });
        Assert.True(referred == HttpStatusCode.OK, referral.ToJsonString());
        Assert.Equal(("OPEN", 2, 1, Id(rejected)), ((string?)referral["status"], (int)referral["round"]!, (int)referral["banksReached"]!, (string?)referral["referredFromApplicationId"]));
        Assert.Equal(HttpStatusCode.Conflict, (await enterprise.SendJsonAsync($"/api/v1/applications/{Id(rejected)}:refer", new { })).Status);
        var (_, fourth) = await left.Client.GetJsonAsync($"/api/v1/banks/{left.Id}/opportunities");
        Assert.Equal(needId, (string?)Assert.Single(fourth["opportunities"]!.AsArray())!["needId"]);
        Assert.Empty((await rejecter.Client.GetJsonAsync($"/api/v1/banks/{rejecter.Id}/opportunities")).Body["opportunities"]?.AsArray() ?? []);
        Assert.Equal(HttpStatusCode.Conflict,
            (await rejecter.Client.SendJsonAsync($"/api/v1/financing-needs/{needId}:take", new { bankId = rejecter.Id, productId = rejecter.ProductId })).Status);
        var (tookReferral, referralApplication) = await left.Client.SendJsonAsync($"/api/v1/financing-needs/{needId}:take", new { bankId = left.Id, productId = left.ProductId });
        Assert.True(tookReferral == HttpStatusCode.OK, referralApplication.ToJsonString());
        Assert.Equal(2, (int)referralApplication["round"]!);

        // The enterprise declines the silent bank: withdrawn, with its reason.
        var (withdrawn, declined) = await enterprise.SendJsonAsync($"/api/v1/applications/{Id(silentApplication)}:withdraw", new { reason = "Took the offer of another bank" });
        Assert.True(withdrawn == HttpStatusCode.OK, declined.ToJsonString());
        Assert.Equal(("WITHDRAWN", "Took the offer of another bank"), ((string?)declined["status"], (string?)declined["withdrawnReason"]));

        // The scorecards, kept by totals from the events: the league table shows each bank by name, exactly.
        var period = $"from={today.AddDays(-1):yyyy-MM-dd}&to={today.AddDays(30):yyyy-MM-dd}";
        JsonObject league = null!;
        string Figures(JsonObject card) => string.Join(" ", new[]
        {
            "needsTaken", "referralsReceived", "applicationsReceived", "contacted", "approved", "rejected", "expired", "withdrawn", "overdueSteps", "referredOnward",
        }.Select(f => $"{f}={(long?)card[f] ?? 0}"));
        var expected = new Dictionary<string, string>
        {
            [approver.Id] = "needsTaken=1 referralsReceived=0 applicationsReceived=1 contacted=1 approved=1 rejected=0 expired=0 withdrawn=0 overdueSteps=0 referredOnward=0",
            [rejecter.Id] = "needsTaken=1 referralsReceived=0 applicationsReceived=1 contacted=0 approved=0 rejected=1 expired=0 withdrawn=0 overdueSteps=0 referredOnward=1",
            [silent.Id] = "needsTaken=1 referralsReceived=0 applicationsReceived=1 contacted=1 approved=0 rejected=0 expired=0 withdrawn=1 overdueSteps=2 referredOnward=0",
            [left.Id] = "needsTaken=1 referralsReceived=1 applicationsReceived=1 contacted=0 approved=0 rejected=0 expired=0 withdrawn=0 overdueSteps=0 referredOnward=0",
        };
        deadline = DateTime.UtcNow.AddSeconds(20);
        do
        {
            await Task.Delay(200, cancel);
            (_, league) = await official.GetJsonAsync($"/api/v1/scorecards?regionCode=130903&{period}");
        }
        while (!expected.All(e => league["scorecards"]!.AsArray().Any(c => (string?)c!["bankId"] == e.Key && Figures(c.AsObject()) == e.Value)) && DateTime.UtcNow < deadline);
        var cards = league["scorecards"]!.AsArray().Select(c => c!.AsObject()).ToList();
        Assert.Equal(expected, cards.ToDictionary(c => (string)c["bankId"]!, Figures));
        Assert.Equal(silent.Id, (string?)cards[0]["bankId"]); // most steps missed first
        Assert.Equal(banks.ToDictionary(b => b.Id, b => b.Name), cards.ToDictionary(c => (string)c["bankId"]!, c => (string)c["bankName"]!));
        var approverCard = cards.Single(c => (string?)c["bankId"] == approver.Id);
        Assert.Equal(10_000, (int)approverCard["approvalRateBp"]!);
        Assert.Equal((long)approved["workingMinutesToTake"]!, (long)approverCard["medianWorkingMinutesToTake"]!);
        Assert.Equal((long)contact["contact"]!["workingMinutes"]!, (long)approverCard["medianWorkingMinutesToContact"]!);
        Assert.Equal((long)approval["workingMinutesToDecide"]!, (long)approverCard["medianWorkingMinutesToDecide"]!);
        var rejecterCard = cards.Single(c => (string?)c["bankId"] == rejecter.Id);
        Assert.Equal(("COLLATERAL", 1L), ((string?)rejecterCard["rejectionsByCode"]![0]!["code"], (long)rejecterCard["rejectionsByCode"]![0]!["count"]!));
        Assert.Equal(0, (int)rejecterCard["approvalRateBp"]!);

        // A bank reads its own card (in a region it names), not another's; the league table is the officials'.
        var (own, ownCard) = await silent.Client.GetJsonAsync($"/api/v1/banks/{silent.Id}/scorecard?regionCode=1309&{period}");
        Assert.True(own == HttpStatusCode.OK, ownCard.ToJsonString());
        Assert.Equal(expected[silent.Id], Figures(ownCard));
        Assert.Equal(2, ownCard["overdueByStep"]!.AsArray().Count);
        Assert.Equal(HttpStatusCode.Forbidden, (await silent.Client.GetJsonAsync($"/api/v1/banks/{approver.Id}/scorecard?regionCode=1309")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await silent.Client.GetJsonAsync($"/api/v1/banks/{silent.Id}/scorecard")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await silent.Client.GetJsonAsync("/api/v1/scorecards")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await official.GetJsonAsync("/api/v1/scorecards?from=2026-12-01&to=2026-01-01")).Status);

        // Reconciled with the sources (matching's applications and missed steps): no difference.
        var (reconciled, report) = await official.SendJsonAsync("/api/v1/totals:reconcile", new { regionCode = "130903" });
        Assert.True(reconciled == HttpStatusCode.OK, report.ToJsonString());
        Assert.Empty(report["differences"]?.AsArray() ?? []);

        // Nobody had to reload a page: each inbox heard of what concerned it, with names, each fact once.
        async Task<List<JsonObject>> InboxAsync(HttpClient reader, Func<List<JsonObject>, bool> complete)
        {
            var notices = new List<JsonObject>();
            for (var until = DateTime.UtcNow.AddSeconds(20); DateTime.UtcNow < until; await Task.Delay(200, cancel))
            {
                var (status, inbox) = await reader.GetJsonAsync("/api/v1/notifications?pageSize=100");
                Assert.True(status == HttpStatusCode.OK, inbox.ToJsonString());
                notices = [.. inbox["notifications"]!.AsArray().Select(n => n!.AsObject())];
                if (complete(notices))
                {
                    break;
                }
            }

            return notices;
        }

        static List<string> Kinds(IEnumerable<JsonObject> notices) => [.. notices.Select(n => (string)n["kind"]!).Order(StringComparer.Ordinal)];
        List<string> enterpriseHears = ["APPLICATION_APPROVED", "APPLICATION_CONTACTED", "APPLICATION_CONTACTED", "APPLICATION_REJECTED", "NEED_TAKEN", "NEED_TAKEN", "NEED_TAKEN", "NEED_TAKEN"];
        var heard = await InboxAsync(enterprise, n => Kinds(n).SequenceEqual(enterpriseHears));
        Assert.Equal(enterpriseHears, Kinds(heard));
        Assert.Equal(takers.Select(t => t.Bank.Name).Append(left.Name).Order(), heard.Where(n => (string?)n["kind"] == "NEED_TAKEN").Select(n => (string)n["bankName"]!).Order());
        var approvedNotice = heard.Single(n => (string?)n["kind"] == "APPLICATION_APPROVED");
        Assert.Equal((Id(approved), approver.Name, (long)approval["deal"]!["grantedAmountFen"]!), ((string?)approvedNotice["applicationId"], (string?)approvedNotice["bankName"], (long)approvedNotice["amountFen"]!));
        Assert.Contains(approver.Name, (string?)approvedNotice["summary"], StringComparison.Ordinal);
        Assert.Equal("COLLATERAL", (string?)heard.Single(n => (string?)n["kind"] == "APPLICATION_REJECTED")["code"]);
        var (_, unread) = await enterprise.GetJsonAsync("/api/v1/notifications?unreadOnly=true");
        Assert.Equal(heard.Count, (int)unread["unreadCount"]!);
        Assert.Equal(HttpStatusCode.Forbidden, (await approver.Client.SendJsonAsync($"/api/v1/notifications/{(string)approvedNotice["notificationId"]!}:read", new { })).Status);
        var (read, readNotice) = await enterprise.SendJsonAsync($"/api/v1/notifications/{(string)approvedNotice["notificationId"]!}:read", new { });
        Assert.True(read == HttpStatusCode.OK && (bool)readNotice["read"]!, readNotice.ToJsonString());
        Assert.Equal(heard.Count - 1, (int)(await enterprise.GetJsonAsync("/api/v1/notifications")).Body["unreadCount"]!);

        // Each bank heard of the need in its digest of the day, which never names the enterprise; the silent bank
        // of its two late steps, with the enterprise's name.
        foreach (var bank in banks)
        {
            var digests = (await InboxAsync(bank.Client, n => n.Any(x => (string?)x["kind"] == "OPPORTUNITY_DIGEST"))).Where(n => (string?)n["kind"] == "OPPORTUNITY_DIGEST").ToList();
            Assert.NotEmpty(digests);
            Assert.All(digests, d => Assert.Equal((1, ""), ((int)d["count"]!, (string?)d["enterpriseName"] ?? "")));
            Assert.DoesNotContain(uscc, string.Join(" ", digests.Select(d => d.ToJsonString())), StringComparison.Ordinal);
        }

        var silentHears = (await InboxAsync(silent.Client, n => n.Count(x => (string?)x["kind"] == "STEP_OVERDUE") == 2)).Where(n => (string?)n["kind"] == "STEP_OVERDUE").ToList();
        Assert.Equal(["CONTACT", "DECIDE"], silentHears.Select(n => (string)n["code"]!).Order());
        Assert.All(silentHears, n => Assert.Equal((enterpriseName, Id(silentApplication)), ((string?)n["enterpriseName"], (string?)n["applicationId"])));

        // The officials of the region (and above it) heard of the silent bank's late steps, by name; another region did not.
        foreach (var reader in new[] { official, province })
        {
            var late = (await InboxAsync(reader, n => n.Count(x => (string?)x["applicationId"] == Id(silentApplication)) == 2)).Where(n => (string?)n["applicationId"] == Id(silentApplication)).ToList();
            Assert.Equal(2, late.Count);
            Assert.All(late, n => Assert.Equal(("STEP_OVERDUE", silent.Name), ((string?)n["kind"], (string?)n["bankName"])));
        }

        using (var elsewhere = As(await platform.OfficialAsync("131102")))
        {
            var (_, theirs) = await elsewhere.GetJsonAsync("/api/v1/notifications?pageSize=100");
            Assert.DoesNotContain(theirs["notifications"]!.AsArray(), n => (string?)n!["applicationId"] == Id(silentApplication));
        }

        // The first bank's receiver got the opportunity, signed with its secret, and the delivery log says so.
        for (var until = DateTime.UtcNow.AddSeconds(20); !receiver.Received.Any(r => (string?)r.Body["needId"] == needId) && DateTime.UtcNow < until;)
        {
            await Task.Delay(100, cancel);
        }

        var delivered = receiver.Received.First(r => (string?)r.Body["needId"] == needId);
        Assert.True(delivered.Verified, delivered.Body.ToJsonString());
        Assert.All(receiver.Received, r => Assert.True(r.Verified));
        Assert.Equal("OPPORTUNITY", (string?)delivered.Body["type"]);
        var (_, log) = await banks[0].Client.GetJsonAsync($"/api/v1/banks/{banks[0].Id}/webhook/deliveries");
        var logged = log["deliveries"]!.AsArray().Single(d => (string?)d!["deliveryId"] == (string?)delivered.Body["deliveryId"])!;
        Assert.Equal(("DELIVERED", 1, 200), ((string?)logged["status"], (int)logged["attempts"]!, (int)logged["lastStatusCode"]!));
    }

    [Fact]
    public async Task A_region_sets_its_promise_and_the_regions_under_it_follow()
    {
        using var anyone = platform.Rest(await platform.TokenAsync("bank", TestData.NewBankId()));
        var (_, fallback) = await anyone.GetJsonAsync("/api/v1/service-promises/440305");
        Assert.Equal(("", 1, 3, 5), ((string?)fallback["setForRegion"] ?? "", (int)fallback["takeWithinDays"]!, (int)fallback["contactWithinDays"]!, (int)fallback["decideWithinDays"]!));

        using var district = platform.Rest(await platform.OfficialAsync("440305"));
        using var city = platform.Rest(await platform.OfficialAsync("4403"));
        Assert.Equal(HttpStatusCode.Forbidden, (await district.SendJsonAsync("/api/v1/service-promises/4403", new { takeWithinDays = 1, contactWithinDays = 2, decideWithinDays = 3 }, HttpMethod.Put)).Status);
        var (bad, problem) = await city.SendJsonAsync("/api/v1/service-promises/4403", new { takeWithinDays = 0, contactWithinDays = 6, decideWithinDays = 5 }, HttpMethod.Put);
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.Equal(["takeWithinDays", "contactWithinDays"], problem.ViolatedFields());
        var (set, promise) = await city.SendJsonAsync("/api/v1/service-promises/4403", new { takeWithinDays = 1, contactWithinDays = 2, decideWithinDays = 3 }, HttpMethod.Put);
        Assert.True(set == HttpStatusCode.OK, promise.ToJsonString());
        var (_, inherited) = await anyone.GetJsonAsync("/api/v1/service-promises/440305");
        Assert.Equal(("4403", 2, 3), ((string?)inherited["setForRegion"], (int)inherited["contactWithinDays"]!, (int)inherited["decideWithinDays"]!));
        Assert.Equal(HttpStatusCode.BadRequest, (await anyone.GetJsonAsync("/api/v1/service-promises/99")).Status);
    }
}
