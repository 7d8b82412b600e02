using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using FinanceMarket.TestInfrastructure;
using FinanceMarket.FunctionalTests.Subsidies;

namespace FinanceMarket.FunctionalTests.Audit;

// The audit log through the gateway: each official's and the operator's write appears once with who, what,
// the values before and after and the reason; officials read their region's entries and the national
// ones, the operator all; the chain checks out.
public sealed class AuditLogTests(Platform platform)
{
    [Fact]
    public async Task Claim_decisions_and_programmes_are_logged_and_read_only_inside_their_region()
    {
        using var scenario = await SubsidyScenario.CreateAsync(platform);
        var programId = await scenario.CreateProgrammeAsync();
        var (status, claim) = await scenario.Enterprise.SendJsonAsync("/api/v1/subsidy-claims", scenario.Claim(programId, 0, 91));
        Assert.True(status == HttpStatusCode.OK, claim.ToJsonString());
        var claimId = (string)claim["claimId"]!;
        Assert.Equal(HttpStatusCode.OK, (await scenario.Official.SendJsonAsync($"/api/v1/subsidy-claims/{claimId}:approve", new { })).Status);
        using var payer = platform.Rest(await platform.OfficialAsync("130903"));
        Assert.Equal(HttpStatusCode.OK, (await payer.SendJsonAsync($"/api/v1/subsidy-claims/{claimId}:pay", new { })).Status);

        var entries = await EventuallyLoggedAsync(scenario.Official, "subsidy-claim/" + claimId, 2);
        var approved = entries.Single(e => (string?)e["action"] == "claim.approved");
        var paid = entries.Single(e => (string?)e["action"] == "claim.paid");
        Assert.Equal(("official", "130903", "130903"), ((string?)approved["actorRole"], (string?)approved["actorRegion"], (string?)approved["regionCode"]));
        Assert.NotEqual((string?)approved["actorSubject"], (string?)paid["actorSubject"]);
        Assert.Equal("PENDING", (string?)JsonNode.Parse((string)approved["before"]!)!["status"]);
        Assert.Equal("APPROVED", (string?)JsonNode.Parse((string)approved["after"]!)!["status"]);
        Assert.Equal(249_315L, (long)JsonNode.Parse((string)paid["after"]!)!["amountFen"]!);
        var created = Assert.Single(await EventuallyLoggedAsync(scenario.Official, "subsidy-program/" + programId, 1));
        Assert.Equal("program.created", (string?)created["action"]);
        Assert.Equal(1_000_000_000L, (long)JsonNode.Parse((string)created["after"]!)!["budgetFen"]!);

        // The parent region reads it; another region neither lists it nor may ask for it; enterprises and banks read no log.
        using var province = platform.Rest(await platform.OfficialAsync("13"));
        Assert.Equal(2, (await ReadLogAsync(province, "subsidy-claim/" + claimId)).Count);
        using var beijing = platform.Rest(await platform.OfficialAsync("110105"));
        Assert.Empty(await ReadLogAsync(beijing, "subsidy-claim/" + claimId));
        Assert.Equal(HttpStatusCode.Forbidden, (await beijing.GetJsonAsync("/api/v1/audit?regionCode=130903")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await scenario.Enterprise.GetJsonAsync("/api/v1/audit")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await scenario.Bank.GetJsonAsync("/api/v1/audit")).Status);
        using var anonymous = platform.Rest();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetJsonAsync("/api/v1/audit")).Status);
        using var operatorClient = platform.Rest(await OperatorAsync());
        Assert.Equal(2, (await ReadLogAsync(operatorClient, "subsidy-claim/" + claimId)).Count);
    }

    [Fact]
    public async Task An_LPR_correction_is_a_national_entry_with_both_figures_and_the_reason()
    {
        using var operatorClient = platform.Rest(await OperatorAsync());
        var day = new DateOnly(2003, 1, 1).AddDays(Random.Shared.Next(0, 2000)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Equal(HttpStatusCode.OK, (await operatorClient.SendJsonAsync("/api/v1/lpr", new { effectiveOn = day, oneYearBp = 1, fiveYearBp = 2 })).Status);
        var (status, body) = await operatorClient.SendJsonAsync($"/api/v1/lpr/{day}", new { oneYearBp = 531, fiveYearBp = 576, reason = "typed bp for percent" }, HttpMethod.Put);
        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());

        using var district = platform.Rest(await platform.OfficialAsync("130903"));
        var entries = await EventuallyLoggedAsync(district, "lpr/" + day, 2);
        var corrected = entries.Single(e => (string?)e["action"] == "lpr.corrected");
        Assert.Equal(("operator", "", "typed bp for percent"), ((string?)corrected["actorRole"], (string?)corrected["regionCode"], (string?)corrected["reason"]));
        Assert.Equal(1, (int)JsonNode.Parse((string)corrected["before"]!)!["oneYearBp"]!);
        Assert.Equal(531, (int)JsonNode.Parse((string)corrected["after"]!)!["oneYearBp"]!);
        Assert.True((long)corrected["seq"]! > (long)entries.Single(e => (string?)e["action"] == "lpr.recorded")["seq"]!);
    }

    [Fact]
    public async Task The_operator_verifies_an_unbroken_chain_and_no_one_else_may()
    {
        using var operatorClient = platform.Rest(await OperatorAsync());
        Assert.Equal(HttpStatusCode.OK, (await operatorClient.SendJsonAsync("/api/v1/lpr",
            new { effectiveOn = new DateOnly(2010, 1, 1).AddDays(Random.Shared.Next(0, 3000)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), oneYearBp = 400, fiveYearBp = 450 })).Status);
        await EventuallyAsync(async () => (await ReadLogAsync(operatorClient, null)).Count > 0, "an entry in the log");

        var (status, verified) = await operatorClient.SendJsonAsync("/api/v1/audit:verify", new { });
        Assert.True(status == HttpStatusCode.OK, verified.ToJsonString());
        Assert.True((bool?)verified["intact"], verified.ToJsonString());
        Assert.True((long)verified["entriesChecked"]! > 0);
        using var province = platform.Rest(await platform.OfficialAsync("13"));
        Assert.Equal(HttpStatusCode.Forbidden, (await province.SendJsonAsync("/api/v1/audit:verify", new { })).Status);
    }

    [Fact]
    public async Task Bad_queries_name_their_field()
    {
        using var official = platform.Rest(await platform.OfficialAsync("130903"));
        Assert.Equal(["from"], (await official.GetJsonAsync("/api/v1/audit?from=2026-13-01")).Body.ViolatedFields());
        Assert.Equal(["to"], (await official.GetJsonAsync("/api/v1/audit?from=2026-05-02&to=2026-05-01")).Body.ViolatedFields());
        Assert.Equal(["pageToken"], (await official.GetJsonAsync("/api/v1/audit?pageToken=bm90LWEtdG9rZW4")).Body.ViolatedFields());
        using var operatorClient = platform.Rest(await OperatorAsync());
        Assert.Equal(["regionCode"], (await operatorClient.GetJsonAsync("/api/v1/audit?regionCode=1")).Body.ViolatedFields());
    }

    internal Task<string> OperatorAsync() => platform.TokenAsync("operator", "operator-" + Guid.NewGuid().ToString("N")[..6]);

    // Every entry about the target the caller may read, following the pages.
    internal static async Task<List<JsonObject>> ReadLogAsync(HttpClient reader, string? target)
    {
        var entries = new List<JsonObject>();
        var token = "";
        do
        {
            var (status, page) = await reader.GetJsonAsync("/api/v1/audit?pageSize=100&pageToken=" + Uri.EscapeDataString(token));
            Assert.True(status == HttpStatusCode.OK, page.ToJsonString());
            entries.AddRange((page["entries"]?.AsArray() ?? []).Select(e => e!.AsObject()).Where(e => target is null || (string?)e["target"] == target));
            token = (string?)page["nextPageToken"] ?? "";
        }
        while (token.Length > 0 && (target is not null || entries.Count == 0));
        return entries;
    }

    internal static async Task<List<JsonObject>> EventuallyLoggedAsync(HttpClient reader, string target, int count)
    {
        List<JsonObject> entries = [];
        await EventuallyAsync(async () => (entries = await ReadLogAsync(reader, target)).Count >= count, $"{count} audit entries for {target}");
        Assert.Equal(count, entries.Count);
        return entries;
    }

    private static async Task EventuallyAsync(Func<Task<bool>> probe, string what)
    {
        var until = DateTime.UtcNow.AddSeconds(20);
        while (!await probe())
        {
            Assert.True(DateTime.UtcNow < until, "Timed out waiting for " + what);
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }
}
