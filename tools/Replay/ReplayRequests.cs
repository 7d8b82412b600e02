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
        ["name"] = mortgage ? "抵押经营贷" : "税易贷",
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
        // The tax-based loan estimates a pre-credit line from the tax data: ten times the tax paid, at most 15 % of
        // the invoiced revenue.
        ["preCredit"] = mortgage ? null : new JsonObject { ["taxPaidMultiple"] = 10, ["invoicedRevenueShareBp"] = 1500 },
    };

    // The most records one import takes.
    public const int MaxImportRecords = 10_000;

    public static object TaxRecords(IEnumerable<PlannedEnterprise> enterprises, string batchId, int year) => new
    {
        batchId,
        kind = "TAX",
        records = enterprises.Select(e => new
        {
            uscc = e.Uscc, year, taxPaidFen = e.RevenueFen * 3 / 100, invoicedRevenueFen = e.RevenueFen,
            taxCreditRating = FinanceMarket.Domain.WireNames.Wire(e.Rating),
        }).ToList(),
    };

    public static object InsuranceRecords(IEnumerable<PlannedEnterprise> enterprises, string batchId, string month) => new
    {
        batchId,
        kind = "SOCIAL_INSURANCE",
        records = enterprises.Select(e => new { uscc = e.Uscc, month, insuredEmployees = e.Employees }).ToList(),
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
