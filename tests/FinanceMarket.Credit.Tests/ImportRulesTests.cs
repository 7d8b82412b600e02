using FinanceMarket.Credit.Model;
using FinanceMarket.TestInfrastructure;

namespace FinanceMarket.Credit.Tests;

public sealed class ImportRulesTests
{
    private static readonly DateOnly Today = new(2026, 12, 4);
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Each_bad_record_is_refused_by_its_index_and_field_and_the_good_ones_pass()
    {
        var good = TestData.NewUscc();
        var plan = ImportRules.Plan(RecordKind.Tax,
        [
            Tax(good, 2025, 120_000_00, 3_000_000_00),
            Tax("91130903MA0UXR02Q0", 2025, 1, 1),
            Tax(TestData.NewUscc(), 2027, 1, 1),
            new RecordInput { Uscc = TestData.NewUscc(), Year = 2024, TaxPaidFen = -1, InvoicedRevenueFen = 5, TaxCreditRating = "E" },
            Tax(TestData.NewUscc(), 2025, 1, 1) with { Month = "2025-01" },
            Tax(good, 2024, 100_00, 200_00),
        ], Today);

        Assert.Equal([0, 5], plan.Valid.Select(r => r.Index));
        Assert.Equal(("2025", 2025, 120_000_00L), (plan.Valid[0].Key, plan.Valid[0].Values.Year, plan.Valid[0].Values.TaxPaidFen));
        Assert.Equal(
            ["records[1].uscc", "records[2].year", "records[3].taxPaidFen", "records[3].taxCreditRating", "records[4].month"],
            plan.Refused.Select(p => p.Field));
        Assert.Contains("in the future", plan.Refused[1].Message);
        Assert.Contains("not a field of TAX records", plan.Refused[4].Message);
    }

    [Fact]
    public void Two_records_of_one_key_in_a_batch_keep_the_first()
    {
        var uscc = TestData.NewUscc();
        var plan = ImportRules.Plan(RecordKind.SocialInsurance,
            [Employees(uscc, "2026-10", 40), Employees(uscc, "2026-10", 41), Employees(uscc, "2026-11", 42)], Today);
        Assert.Equal([0, 2], plan.Valid.Select(r => r.Index));
        Assert.Equal("records[1]", Assert.Single(plan.Refused).Field);
    }

    [Fact]
    public void Dates_and_months_are_checked_against_today_and_each_other()
    {
        var uscc = TestData.NewUscc();
        var enforcement = ImportRules.Plan(RecordKind.Enforcement,
        [
            Enforcement(uscc, "(2026)冀0903执1号", "2026-03-01", "2026-02-01"),
            Enforcement(uscc, "(2026)冀0903执2号", "2026-12-05", null),
            Enforcement(uscc, "(2026)冀0903执3号", "2026-03-01", null),
        ], Today);
        Assert.Equal(["records[0].liftedOn", "records[1].listedOn"], enforcement.Refused.Select(p => p.Field));
        Assert.Contains("before the day it was listed", enforcement.Refused[0].Message);
        Assert.Equal("(2026)冀0903执3号", Assert.Single(enforcement.Valid).Key);

        var months = ImportRules.Plan(RecordKind.Utility,
        [
            new RecordInput { Uscc = uscc, Month = "2027-01", ElectricityKwh = 1, PaidOnTime = true },
            new RecordInput { Uscc = uscc, Month = "2026-13", ElectricityKwh = 1, PaidOnTime = true },
            new RecordInput { Uscc = uscc, Month = "2026-12", ElectricityKwh = 1 },
            new RecordInput { Uscc = uscc, Month = "2026-11", ElectricityKwh = 1, PaidOnTime = false },
        ], Today);
        Assert.Equal(["records[0].month", "records[1].month", "records[2].paidOnTime"], months.Refused.Select(p => p.Field));
        Assert.Equal(3, Assert.Single(months.Valid).Index);
    }

    [Fact]
    public void A_record_outside_the_providers_region_is_refused_and_doubtful_ones_are_kept_with_a_flag()
    {
        var inside = TestData.NewUscc("130903");
        var outside = TestData.NewUscc("110105");
        var moved = TestData.NewUscc("110105");
        var plan = ImportRules.Plan(RecordKind.Tax,
            [Tax(inside, 2025, 500_00, 400_00), Tax(outside, 2025, 1, 2), Tax(moved, 2025, 1, 2)], Today);
        var declared = new Dictionary<string, DeclaredProfile> { [moved] = Declared(moved, "130903") };
        var (kept, refused, flagged) = ImportRules.Complete(Batch(RecordKind.Tax, "1309"), plan, new ImportLookup(declared, new Dictionary<(string, string), int>()));

        Assert.Equal([inside, moved], kept.Select(r => r.Uscc));
        Assert.Equal(["130903", "130903"], kept.Select(r => r.RegionCode));
        Assert.Equal((1, "records[1].uscc"), (Assert.Single(refused).Index, refused[0].Field));
        Assert.Contains("outside this provider's region 1309", refused[0].Message);
        Assert.Equal((0, ImportRules.RevenueBelowTax), (Assert.Single(flagged).Index, flagged[0].Field));
        Assert.Equal([ImportRules.RevenueBelowTax], kept[0].Flags);
    }

    [Fact]
    public void A_headcount_that_changes_tenfold_in_a_month_is_flagged_whether_the_month_before_is_stored_or_in_the_batch()
    {
        var a = TestData.NewUscc();
        var b = TestData.NewUscc();
        var plan = ImportRules.Plan(RecordKind.SocialInsurance,
            [Employees(a, "2026-10", 400), Employees(b, "2026-10", 30), Employees(b, "2026-11", 31), Employees(b, "2026-09", 2)], Today);
        var stored = new Dictionary<(string, string), int> { [(a, "2026-09")] = 39 };
        var (kept, _, flagged) = ImportRules.Complete(Batch(RecordKind.SocialInsurance, "13"), plan, new ImportLookup(new Dictionary<string, DeclaredProfile>(), stored));

        Assert.Equal([0, 1], flagged.Select(f => f.Index));
        Assert.All(flagged, f => Assert.Equal(ImportRules.HeadcountJump, f.Field));
        Assert.Equal([true, true, false, false], kept.Select(r => r.Flagged));
        // The store is asked only for the months the batch does not hold.
        Assert.Equal([(a, "2026-09"), (b, "2026-08")], ImportRules.MonthsBefore(plan));
    }

    [Fact]
    public void The_batch_itself_is_refused_whole_when_its_id_kind_or_size_is_wrong()
    {
        var ex = Assert.Throws<RuleViolationException>(() => ImportRules.ValidateBatch(" ", null, 0, 10_001));
        Assert.Equal(["batchId", "kind", "records"], ex.Problems.Select(p => p.Field));
        ImportRules.ValidateBatch("b-1", RecordKind.Honor, 0, 10_000);
    }

    internal static RecordInput Tax(string uscc, int year, long paid, long revenue, TaxCreditRating? rating = null) =>
        new() { Uscc = uscc, Year = year, TaxPaidFen = paid, InvoicedRevenueFen = revenue, TaxCreditRating = rating?.Wire() };

    internal static RecordInput Employees(string uscc, string month, int count) => new() { Uscc = uscc, Month = month, InsuredEmployees = count };

    internal static RecordInput Enforcement(string uscc, string caseNumber, string listed, string? lifted) =>
        new() { Uscc = uscc, Court = "沧州市运河区人民法院", CaseNumber = caseNumber, ListedOn = listed, LiftedOn = lifted, AmountFen = 50_000_00 };

    internal static ImportBatch Batch(RecordKind kind, string region, string batchId = "b-1", DateTimeOffset? at = null) =>
        new("tax-hebei", region, batchId, kind, [], "hash", at ?? Now);

    internal static DeclaredProfile Declared(string uscc, string region, TaxCreditRating rating = TaxCreditRating.B, int employees = 40) =>
        new(uscc, "沧州市某某机械有限公司", region, "C34", SizeClass.Small, rating, employees, 30_000_000_00, 20_000_000_00, 0);
}
