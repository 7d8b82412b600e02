using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using FinanceMarket.TestInfrastructure;
using FinanceMarket.FunctionalTests.Matching;

namespace FinanceMarket.FunctionalTests.Subsidies;

// An approved deal (through matching) and an official of its district, ready to claim against programmes.
public sealed class SubsidyScenario : IDisposable
{
    private SubsidyScenario(MatchingScenario deal, string applicationId, DateOnly contractDate, HttpClient official)
    {
        Deal = deal;
        ApplicationId = applicationId;
        ContractDate = contractDate;
        Official = official;
    }

    public MatchingScenario Deal { get; }

    public string ApplicationId { get; }

    public DateOnly ContractDate { get; }

    public HttpClient Official { get; }

    public HttpClient Enterprise => Deal.Enterprise;

    public HttpClient Bank => Deal.Bank;

    // 1,000,000 yuan at 3.45 % for 12 months, contracted today (Asia/Shanghai).
    public static async Task<SubsidyScenario> CreateAsync(Platform platform, long grantedFen = 100_000_000)
    {
        var deal = await MatchingScenario.CreateAsync(platform);
        var applicationId = (string)(await deal.ApplyAsync())["applicationId"]!;
        var today = Domain.ChinaTime.Today(TimeProvider.System);
        var (status, body) = await deal.Bank.SendJsonAsync($"/api/v1/applications/{applicationId}:approve",
            MatchingScenario.Approval(grantedFen, 345, 12, Day(today)));
        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        await Loans.LoanSteps.DisburseAllAsync(deal.Bank, body);
        return new SubsidyScenario(deal, applicationId, today, platform.Rest(await platform.OfficialAsync("130903")));
    }

    public static JsonObject Programme(long budgetFen = 1_000_000_000, long maxPrincipalFen = 100_000_000, string rule = "FIXED", int rateBp = 100) => new()
    {
        ["name"] = "Service-sector business loans (财金〔2025〕81号)",
        ["rateRule"] = rule,
        ["rateBp"] = rateBp,
        ["maxPrincipalFen"] = maxPrincipalFen,
        ["maxMonths"] = 12,
        ["budgetFen"] = budgetFen,
        ["contractFrom"] = "2025-03-16",
        ["contractTo"] = "2027-12-31",
        ["eligibility"] = new JsonObject { ["sizeClasses"] = new JsonArray("SMALL", "MICRO"), ["industryCodes"] = new JsonArray("C") },
        ["fundingShares"] = new JsonArray(
            new JsonObject { ["payer"] = "central", ["shareBp"] = 9000 },
            new JsonObject { ["payer"] = "Hebei province", ["shareBp"] = 1000 }),
    };

    public async Task<string> CreateProgrammeAsync(JsonObject? programme = null)
    {
        var (status, body) = await Official.SendJsonAsync("/api/v1/subsidy-programs", programme ?? Programme());
        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        return (string)body["programId"]!;
    }

    public object Claim(string programId, int fromDay, int toDay) => new
    {
        programId,
        applicationId = ApplicationId,
        periodStart = Day(ContractDate.AddDays(fromDay)),
        periodEnd = Day(ContractDate.AddDays(toDay)),
    };

    public async Task<JsonObject> ProgrammeAsync(string programId)
    {
        var (status, body) = await Official.GetJsonAsync($"/api/v1/subsidy-programs/{programId}");
        Assert.Equal(HttpStatusCode.OK, status);
        return body;
    }

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public void Dispose()
    {
        Deal.Dispose();
        Official.Dispose();
    }
}
