using System.Net;
using System.Text.Json.Nodes;
using FinanceMarket.TestInfrastructure;

namespace FinanceMarket.FunctionalTests.Subsidies;

// An official corrects a programme before anyone claims on it, and closes it when its budget or policy ends;
// the claims already made go on.
public sealed class ProgrammeChangesTests(Platform platform)
{
    private static JsonObject Edit(JsonObject programme, long version, string programId)
    {
        programme["expectedVersion"] = version;
        programme["programId"] = programId;
        return programme;
    }

    [Fact]
    public async Task A_programme_is_edited_from_its_version_until_the_first_claim_then_refused()
    {
        using var scenario = await SubsidyScenario.CreateAsync(platform);
        var programId = await scenario.CreateProgrammeAsync();
        var created = await scenario.ProgrammeAsync(programId);
        Assert.Equal(("OPEN", 1L, 0L), ((string?)created["status"], (long)created["version"]!, (long?)created["claimsMade"] ?? 0));

        var changed = SubsidyScenario.Programme(budgetFen: 2_000_000_000);
        changed["name"] = "Corrected name";
        var (status, edited) = await scenario.Official.SendJsonAsync($"/api/v1/subsidy-programs/{programId}", Edit(changed, 1, programId), HttpMethod.Put);
        Assert.True(status == HttpStatusCode.OK, edited.ToJsonString());
        Assert.Equal(("Corrected name", 2_000_000_000L, 2L), ((string?)edited["name"], (long)edited["budgetFen"]!, (long)edited["version"]!));
        Assert.False(string.IsNullOrEmpty((string?)edited["updatedAt"]));

        // From a version read before that edit: the edit made since wins.
        var (stale, _) = await scenario.Official.SendJsonAsync($"/api/v1/subsidy-programs/{programId}", Edit(SubsidyScenario.Programme(), 1, programId), HttpMethod.Put);
        Assert.Equal(HttpStatusCode.Conflict, stale);

        var (missing, refusal) = await scenario.Official.SendJsonAsync($"/api/v1/subsidy-programs/{programId}",
            new JsonObject { ["programId"] = programId, ["name"] = "", ["rateBp"] = 100 }, HttpMethod.Put);
        Assert.Equal(HttpStatusCode.BadRequest, missing);
        Assert.Contains("expectedVersion", refusal.ViolatedFields());
        Assert.Contains("name", refusal.ViolatedFields());

        var (claimed, claim) = await scenario.Enterprise.SendJsonAsync("/api/v1/subsidy-claims", scenario.Claim(programId, 0, 30));
        Assert.True(claimed == HttpStatusCode.OK, claim.ToJsonString());
        var now = await scenario.ProgrammeAsync(programId);
        Assert.Equal(1L, (long)now["claimsMade"]!);
        var (fixedTerms, why) = await scenario.Official.SendJsonAsync($"/api/v1/subsidy-programs/{programId}",
            Edit(SubsidyScenario.Programme(), (long)now["version"]!, programId), HttpMethod.Put);
        Assert.Equal(HttpStatusCode.BadRequest, fixedTerms);
        Assert.Contains("close it and create another", (string?)why["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_closed_programme_takes_no_new_claim_while_its_claims_are_still_paid()
    {
        using var scenario = await SubsidyScenario.CreateAsync(platform);
        var programId = await scenario.CreateProgrammeAsync();
        var (_, claim) = await scenario.Enterprise.SendJsonAsync("/api/v1/subsidy-claims", scenario.Claim(programId, 0, 30));
        var claimId = (string)claim["claimId"]!;

        var (noReason, refusal) = await scenario.Official.SendJsonAsync($"/api/v1/subsidy-programs/{programId}:close", new { });
        Assert.Equal(HttpStatusCode.BadRequest, noReason);
        Assert.Equal(["reason"], refusal.ViolatedFields());

        var (status, closed) = await scenario.Official.SendJsonAsync($"/api/v1/subsidy-programs/{programId}:close", new { reason = "budget year ended" });
        Assert.True(status == HttpStatusCode.OK, closed.ToJsonString());
        Assert.Equal(("CLOSED", "budget year ended"), ((string?)closed["status"], (string?)closed["closeReason"]));
        var (again, twice) = await scenario.Official.SendJsonAsync($"/api/v1/subsidy-programs/{programId}:close", new { reason = "again" });
        Assert.Equal((HttpStatusCode.OK, "budget year ended"), (again, (string?)twice["closeReason"]));

        var (refused, why) = await scenario.Enterprise.SendJsonAsync("/api/v1/subsidy-claims", scenario.Claim(programId, 30, 60));
        Assert.Equal(HttpStatusCode.BadRequest, refused);
        Assert.Contains("closed", (string?)why["message"], StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await scenario.Official.SendJsonAsync($"/api/v1/subsidy-claims/{claimId}:approve", new { })).Status);
        using var payer = platform.Rest(await platform.OfficialAsync("130903"));
        Assert.Equal(HttpStatusCode.OK, (await payer.SendJsonAsync($"/api/v1/subsidy-claims/{claimId}:pay", new { })).Status);
    }

    [Fact]
    public async Task Only_officials_whose_region_covers_the_programme_change_it()
    {
        using var scenario = await SubsidyScenario.CreateAsync(platform);
        var programId = await scenario.CreateProgrammeAsync();
        using var elsewhere = platform.Rest(await platform.OfficialAsync("130902"));

        var (edit, _) = await elsewhere.SendJsonAsync($"/api/v1/subsidy-programs/{programId}", Edit(SubsidyScenario.Programme(), 1, programId), HttpMethod.Put);
        var (close, _) = await elsewhere.SendJsonAsync($"/api/v1/subsidy-programs/{programId}:close", new { reason = "not mine" });
        var (byBank, _) = await scenario.Bank.SendJsonAsync($"/api/v1/subsidy-programs/{programId}:close", new { reason = "not mine" });

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (edit, close, byBank));
        Assert.Equal("OPEN", (string?)(await scenario.ProgrammeAsync(programId))["status"]);
    }
}
