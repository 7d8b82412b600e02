using static FinanceMarket.Domain.Dates;
using System.Globalization;
using System.Text.Json.Nodes;

namespace FinanceMarket.Replay;

// The bodies the replay sends, as docs/api.md spells them.
internal static class ReplayRequests
{
    // Established the day before its YearsOld-th anniversary of the replay's first day, so its years in
    // operation are what the plan drew all year long.
    public static object Enterprise(PlannedEnterprise e, string regionCode, DateOnly start) => new
    {
        uscc = e.Uscc,
        name = e.Name,
        industryCode = e.IndustryCode,
        regionCode,
        employees = e.Employees,
        annualRevenueFen = e.RevenueFen,
        totalAssetsFen = e.AssetsFen,
        establishedOn = Day(start.AddYears(-e.YearsOld).AddDays(-1)),
        taxCreditRating = FinanceMarket.Domain.WireNames.Wire(e.Rating),
    };

    public static JsonObject Product(PlannedBank bank, string regionCode, bool mortgage) => new()
    {
        ["name"] = mortgage ? "Property-secured business loan (抵押经营贷)" : "Tax-based credit loan (税易贷)",
        ["kind"] = mortgage ? "MORTGAGE" : "TAX_BASED",
        ["minAmountFen"] = 10_000_000,
        ["maxAmountFen"] = 1_000_000_000,
        ["minTermMonths"] = mortgage ? 12 : 6,
        ["maxTermMonths"] = mortgage ? 60 : 36,
        ["rateSpreadBp"] = bank.SpreadBp,
        ["eligibility"] = new JsonObject
        {
            ["sizeClasses"] = new JsonArray("MEDIUM", "SMALL", "MICRO"),
            ["regionCodes"] = new JsonArray(regionCode[..4]),
            ["minYearsInOperation"] = mortgage ? 1 : 2,
            ["minTaxCreditRating"] = "B",
            ["collateralRequired"] = mortgage,
        },
        ["subsidyEligible"] = !mortgage,
        ["decisionSlaDays"] = bank.SlaDays,
    };

    public static JsonObject Programme(PlannedProgramme programme, DateOnly start) => new()
    {
        ["name"] = programme.Name,
        ["rateRule"] = "FIXED",
        ["rateBp"] = programme.RateBp,
        ["maxPrincipalFen"] = programme.MaxPrincipalFen,
        ["maxMonths"] = 12,
        ["budgetFen"] = 100_000_000_00,
        ["contractFrom"] = Day(start),
        ["contractTo"] = Day(start.AddMonths(DistrictPlan.Months)),
        ["eligibility"] = new JsonObject
        {
            ["sizeClasses"] = new JsonArray("SMALL", "MICRO"),
            ["industryCodes"] = new JsonArray([.. programme.IndustryCodes.Select(c => (JsonNode)c)]),
            ["productKinds"] = new JsonArray("TAX_BASED"),
        },
        ["fundingShares"] = new JsonArray(
            new JsonObject { ["payer"] = "central", ["shareBp"] = 9000 },
            new JsonObject { ["payer"] = "Hebei province", ["shareBp"] = 1000 }),
    };

}
