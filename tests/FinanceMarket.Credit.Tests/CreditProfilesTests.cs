using FinanceMarket.Credit.Model;
using FinanceMarket.TestInfrastructure;
using static FinanceMarket.Credit.Tests.ImportRulesTests;

namespace FinanceMarket.Credit.Tests;

public sealed class CreditProfilesTests
{
    private static readonly DateOnly Today = new(2026, 12, 4);
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Verified_values_come_from_the_newest_believable_data_and_flagged_records_are_shown_but_not_believed()
    {
        var uscc = TestData.NewUscc();
        var records = Stored(uscc, RecordKind.Tax,
            Tax(uscc, 2022, 1, 2, TaxCreditRating.C), Tax(uscc, 2023, 10_00, 20_00, TaxCreditRating.B), Tax(uscc, 2024, 300_00, 9_000_00, TaxCreditRating.B),
            Tax(uscc, 2025, 900_00, 100_00, TaxCreditRating.A));
        records = [.. records, .. Stored(uscc, RecordKind.SocialInsurance, Employees(uscc, "2025-11", 10), Employees(uscc, "2026-09", 38), Employees(uscc, "2026-10", 41))];
        // 2025's revenue is below its tax: flagged, so the rating and the figures come from 2024.
        records = records.Select(r => r.Key == "2025" ? r with { Flags = [ImportRules.RevenueBelowTax] } : r).ToList();

        var profile = CreditProfiles.Build(uscc, records, Today);
        Assert.Equal([2025, 2024, 2023], profile.Tax.Select(t => t.Values.Year));
        Assert.Equal(["2026-09", "2026-10"], profile.InsuredEmployees.Select(e => e.Key));
        Assert.Equal(new VerifiedValues(TaxCreditRating.B, 2024, 41, "2026-10", 0, 2024, 300_00, 9_000_00), profile.Verified);
    }

    [Fact]
    public void Last_years_figures_are_used_once_they_arrive_and_nothing_older_than_the_year_before()
    {
        var uscc = TestData.NewUscc();
        Assert.Equal(2025, CreditProfiles.Build(uscc, Stored(uscc, RecordKind.Tax, Tax(uscc, 2024, 1, 2), Tax(uscc, 2025, 3, 4)), Today).Verified.TaxYear);
        Assert.Equal((2024, 1L), Figures(CreditProfiles.Build(uscc, Stored(uscc, RecordKind.Tax, Tax(uscc, 2024, 1, 2)), Today).Verified));
        Assert.Equal((0, 0L), Figures(CreditProfiles.Build(uscc, Stored(uscc, RecordKind.Tax, Tax(uscc, 2023, 1, 2)), Today).Verified));

        static (int, long) Figures(VerifiedValues v) => (v.TaxYear, v.TaxPaidFen);
    }

    [Fact]
    public void Enforcement_counts_while_not_lifted_and_a_penalty_while_it_is_published()
    {
        var uscc = TestData.NewUscc();
        var enforcement = Stored(uscc, RecordKind.Enforcement,
            Enforcement(uscc, "执1号", "2026-01-05", null), Enforcement(uscc, "执2号", "2025-01-05", "2025-06-01"));
        var penalties = Stored(uscc, RecordKind.Penalty,
            new RecordInput { Uscc = uscc, Authority = "沧州市市场监督管理局", DecidedOn = "2025-12-04", Severity = "MINOR", Description = "未按时年报" },
            new RecordInput { Uscc = uscc, Authority = "沧州市市场监督管理局", DecidedOn = "2025-12-05", Severity = "MINOR", Description = "未按时年报" },
            new RecordInput { Uscc = uscc, Authority = "沧州市生态环境局", DecidedOn = "2024-01-10", Severity = "SERIOUS", Description = "超标排放" });

        var profile = CreditProfiles.Build(uscc, [.. enforcement, .. penalties], Today);
        Assert.Equal("执1号", Assert.Single(profile.Enforcement).Key);
        Assert.Equal(1, profile.Verified.EnforcementRecordsInForce);
        Assert.Equal([new DateOnly(2026, 12, 4), new DateOnly(2027, 1, 9)], profile.Penalties.Select(p => p.InForceUntil));
    }

    [Fact]
    public void A_bank_reads_under_its_own_live_consent_and_is_told_why_not_otherwise()
    {
        var uscc = TestData.NewUscc();
        var granted = new Consent("c1", uscc, "bank-a", ConsentPurpose.PreCredit, null, Now.AddDays(-40), Today.AddDays(-1));
        var live = new Consent("c2", uscc, "bank-a", ConsentPurpose.Application, Guid.NewGuid().ToString(), Now.AddDays(-1), Today.AddDays(29));
        Assert.Equal("c2", ConsentRules.Access("bank-a", uscc, [granted, live], Today).ConsentId);

        Assert.Contains("has no consent", Assert.Throws<ForbiddenException>(() => ConsentRules.Access("bank-b", uscc, [granted, live], Today)).Message);
        Assert.Contains("expired after 2026-12-03", Assert.Throws<ForbiddenException>(() => ConsentRules.Access("bank-a", uscc, [granted], Today)).Message);
        Assert.Contains("revoked", Assert.Throws<ForbiddenException>(() =>
            ConsentRules.Access("bank-a", uscc, [granted, live with { RevokedAt = Now }], Today)).Message);
        Assert.True(live.IsLive(Today.AddDays(29)));
        Assert.False(live.IsLive(Today.AddDays(30)));
    }

    [Fact]
    public void A_consent_lasts_at_most_ninety_days_and_an_application_consent_names_its_application()
    {
        var uscc = TestData.NewUscc();
        var consent = ConsentRules.Grant(uscc, "bank-a", ConsentPurpose.PreCredit, 0, null, null, Now, Today, "c1");
        Assert.Equal(Today.AddDays(30), consent.ExpiresOn);
        Assert.Equal(Today.AddDays(90), ConsentRules.Grant(uscc, "bank-a", ConsentPurpose.PreCredit, 0, "", "2027-03-04", Now, Today, "c1").ExpiresOn);

        var ex = Assert.Throws<RuleViolationException>(() => ConsentRules.Grant(uscc, "", null, 7, "x", "2027-03-05", Now, Today, "c1"));
        Assert.Equal(["bankId", "purpose", "expiresOn"], ex.Problems.Select(p => p.Field));
        ex = Assert.Throws<RuleViolationException>(() => ConsentRules.Grant(uscc, "bank-a", ConsentPurpose.Application, 0, "not-an-id", null, Now, Today, "c1"));
        Assert.Equal("applicationId", Assert.Single(ex.Problems).Field);
        ex = Assert.Throws<RuleViolationException>(() => ConsentRules.Grant(uscc, "bank-a", ConsentPurpose.PreCredit, 0, Guid.NewGuid().ToString(), "2026-12-03", Now, Today, "c1"));
        Assert.Equal(["applicationId", "expiresOn"], ex.Problems.Select(p => p.Field));
    }

    [Fact]
    public void A_declared_value_the_data_contradicts_is_a_discrepancy_and_a_small_headcount_difference_is_not()
    {
        var uscc = TestData.NewUscc();
        var declared = Declared(uscc, "130903", TaxCreditRating.A, employees: 40);
        var verified = new VerifiedValues(TaxCreditRating.B, 2025, 43, "2026-10", 0, 2025, 1, 2);
        var found = Discrepancies.Find(declared, verified, Now);
        Assert.Equal(("A", "B", "tax 2025"), (Assert.Single(found).Declared, found[0].Verified, found[0].VerifiedBy));

        var many = Discrepancies.Find(declared with { TaxCreditRating = TaxCreditRating.B }, verified with { InsuredEmployees = 400 }, Now);
        var employees = Assert.Single(many);
        Assert.Equal((DiscrepancyField.Employees, "40", "400", "social insurance 2026-10"), (employees.Field, employees.Declared, employees.Verified, employees.VerifiedBy));
        Assert.Equal(SizeClass.Medium, employees.VerifiedSizeClass);
        Assert.Empty(Discrepancies.Find(declared, VerifiedValues.None, Now));
    }

    private static List<StoredRecord> Stored(string uscc, RecordKind kind, params RecordInput[] inputs)
    {
        var plan = ImportRules.Plan(kind, inputs, Today);
        Assert.Empty(plan.Refused);
        return ImportRules.Complete(Batch(kind, "13"), plan, new ImportLookup(new Dictionary<string, DeclaredProfile>(), new Dictionary<(string, string), int>())).Kept;
    }
}
