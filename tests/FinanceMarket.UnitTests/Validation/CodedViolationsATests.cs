using FinanceMarket.Credit.Model;
using FinanceMarket.Enterprises.Model;
using FinanceMarket.ServiceDefaults.Security;
using Microsoft.Extensions.Time.Testing;

namespace FinanceMarket.UnitTests.Validation;

// The field violations of the enterprises, catalog, credit, notifications and totals services name their
// reason and the values it is about, through the services' own rules.
public sealed class CodedViolationsATests
{
    // 2026-06-15 10:00 in Asia/Shanghai.
    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 6, 15, 2, 0, 0, TimeSpan.Zero));

    private static readonly DateOnly Today = new(2026, 6, 15);

    // A valid code issued in 110105 (Beijing, Chaoyang).
    private static readonly string Code = WithCheck("91110105MA0A1234X");

    private static string WithCheck(string first17) => first17 + UnifiedSocialCreditCode.CheckCharacter(first17);

    private static Registration Registration(string uscc) =>
        new(uscc, "Example Ltd", "C36", "110105", 50, 10_000_000, 20_000_000, "2010-05-01", TaxCreditRating.A, null);

    private static Caller EnterpriseCaller(string uscc) => new(Roles.Enterprise, uscc, null);

    private static FieldProblem Only(IEnumerable<FieldProblem> problems, string field) => Assert.Single(problems, p => p.Field == field);

    [Fact]
    public void A_bad_registration_names_every_field_with_its_reason_and_values()
    {
        var bad = Registration(Code[..17]) with
        {
            RegionCode = "99x",
            Employees = -1,
            EstablishedOn = "2026-07-01",
            TaxCreditRating = null,
        };

        var problems = Assert.Throws<RuleViolationException>(() => RegistrationRules.Validate(bad, EnterpriseCaller(Code), Time)).Problems;

        Assert.Equal(["uscc", "regionCode", "employees", "establishedOn", "taxCreditRating"], problems.Select(p => p.Field));
        var uscc = Only(problems, "uscc");
        Assert.Equal(Reasons.UsccLength, uscc.Reason);
        Assert.Equal("must be 18 characters; got 17", uscc.Description);
        Assert.Equal(new Dictionary<string, string> { ["length"] = "18", ["got"] = "17" }, uscc.Values);

        var region = Only(problems, "regionCode");
        Assert.Equal(Reasons.RegionCode, region.Reason);
        Assert.Equal("99x", region.Values["got"]);

        var employees = Only(problems, "employees");
        Assert.Equal(Reasons.OutOfRange, employees.Reason);
        Assert.Equal(new Dictionary<string, string> { ["min"] = "0", ["max"] = "10000000", ["got"] = "-1" }, employees.Values);

        var established = Only(problems, "establishedOn");
        Assert.Equal(Reasons.DateOutOfRange, established.Reason);
        Assert.Equal("must be between 1900-01-01 and today (2026-06-15)", established.Description);
        Assert.Equal(new Dictionary<string, string> { ["min"] = "1900-01-01", ["max"] = "2026-06-15", ["got"] = "2026-07-01" }, established.Values);

        var rating = Only(problems, "taxCreditRating");
        Assert.Equal(Reasons.NotOneOf, rating.Reason);
        Assert.Equal("must be one of A, B, M, C, D", rating.Description);
        Assert.Equal("A,B,M,C,D", rating.Values["allowed"]);
    }

    [Fact]
    public void A_wrong_check_character_names_the_expected_one()
    {
        var wrong = Code[..17] + (Code[17] == 'A' ? 'B' : 'A');

        var problems = Assert.Throws<RuleViolationException>(() => RegistrationRules.Validate(Registration(wrong), EnterpriseCaller(wrong), Time)).Problems;

        var uscc = Assert.Single(problems);
        Assert.Equal(Reasons.UsccCheckCharacter, uscc.Reason);
        Assert.EndsWith("; an official may register a real code that fails its check with checkOverrideReason", uscc.Description, StringComparison.Ordinal);
        Assert.Equal(Code[17].ToString(), uscc.Values["expected"]);
        Assert.Equal(wrong[17].ToString(), uscc.Values["got"]);
    }

    [Fact]
    public void A_firm_outside_its_codes_region_is_told_the_region()
    {
        var problems = Assert.Throws<RuleViolationException>(() =>
            RegistrationRules.Validate(Registration(Code) with { RegionCode = "130903" }, EnterpriseCaller(Code), Time)).Problems;

        var region = Assert.Single(problems);
        Assert.Equal("regionCode", region.Field);
        Assert.Equal(Reasons.RegionOutside, region.Reason);
        Assert.Equal("110105", region.Values["region"]);
    }

    [Theory]
    [InlineData("91350100M000100I43", "USCC_CHARACTER", "position", "16", "character", "I")]
    [InlineData("B1350100M000100Y43", "USCC_STRUCTURE", "position", "1", "character", "B")]
    [InlineData("94350100M000100Y43", "USCC_STRUCTURE", "position", "2", "character", "4")]
    [InlineData("913501A0M000100Y43", "USCC_STRUCTURE", "position", "7", "character", "A")]
    [InlineData("91350100M000100Y44", "USCC_CHECK_CHARACTER", "expected", "3", "got", "4")]
    public void Every_credit_code_problem_maps_to_its_reason(string code, string reason, string name1, string value1, string name2, string value2)
    {
        var check = UnifiedSocialCreditCode.Check(code);

        var problem = check.ToProblem();

        Assert.NotNull(problem);
        Assert.Equal(reason, problem.Reason);
        Assert.Equal(check.Message, problem.Description);
        Assert.Equal(new Dictionary<string, string?> { [name1] = value1, [name2] = value2 }, problem.Values.ToDictionary(v => v.Name, v => v.Value?.ToString()));
    }

    [Fact]
    public void Region_digits_that_name_no_region_give_the_region_and_a_valid_code_no_problem()
    {
        var check = UnifiedSocialCreditCode.Check(WithCheck("91990101MA0A1234X"));

        var problem = check.ToProblem();

        Assert.NotNull(problem);
        Assert.Equal(Reasons.UsccRegion, problem.Reason);
        Assert.Equal(("region", (object?)"990101"), Assert.Single(problem.Values));
        Assert.Null(UnifiedSocialCreditCode.Check(Code).ToProblem());
    }

    [Fact]
    public void Credit_refusals_carry_their_reasons()
    {
        var batch = Assert.Throws<RuleViolationException>(() => ImportRules.ValidateBatch("b-1", null, 9, 0)).Problems;
        var kind = Only(batch, "kind");
        Assert.Equal(Reasons.NotOneOf, kind.Reason);
        Assert.Equal("TAX,SOCIAL_INSURANCE,UTILITY,ENFORCEMENT,PENALTY,HONOR", kind.Values["allowed"]);
        Assert.Equal("9", kind.Values["got"]);
        var records = Only(batch, "records");
        Assert.Equal(Reasons.OutOfRange, records.Reason);
        Assert.Equal(new Dictionary<string, string> { ["min"] = "1", ["max"] = "10000", ["got"] = "0" }, records.Values);

        var consent = Assert.Throws<RuleViolationException>(() =>
            ConsentRules.Grant(Code, "icbc", ConsentPurpose.PreCredit, 0, Guid.NewGuid().ToString(), "2026-12-31", Time.GetUtcNow(), Today, "c-1")).Problems;
        var application = Only(consent, "applicationId");
        Assert.Equal(Reasons.NotApplicable, application.Reason);
        Assert.Equal("purpose=APPLICATION", application.Values["when"]);
        var expires = Only(consent, "expiresOn");
        Assert.Equal(Reasons.DateOutOfRange, expires.Reason);
        Assert.Equal(new Dictionary<string, string> { ["min"] = "2026-06-15", ["max"] = "2026-09-13", ["got"] = "2026-12-31" }, expires.Values);

        var unknown = Assert.Throws<RuleViolationException>(() =>
            ConsentRules.Grant(Code, "Not A Bank", null, 7, null, null, Time.GetUtcNow(), Today, "c-2")).Problems;
        Assert.Equal(Reasons.BankIdFormat, Only(unknown, "bankId").Reason);
        Assert.Equal(Reasons.NotOneOf, Only(unknown, "purpose").Reason);
        Assert.Equal("APPLICATION,PRE_CREDIT", Only(unknown, "purpose").Values["allowed"]);
    }

    [Fact]
    public void A_product_whose_maximum_is_below_its_minimum_names_the_other_field()
    {
        var listing = new FinanceMarket.Catalog.Model.ProductListing(
            "Credit line", ProductKind.Credit, 500_000_00, 100_000_00, 12, 6, 50, null, false, 10);

        var problems = Assert.Throws<RuleViolationException>(() => FinanceMarket.Catalog.Model.ProductRules.Validate("icbc", listing, Time)).Problems;

        var amount = Only(problems, "maxAmountFen");
        Assert.Equal(Reasons.BelowField, amount.Reason);
        Assert.Equal("must not be below minAmountFen", amount.Description);
        Assert.Equal(new Dictionary<string, string> { ["field"] = "minAmountFen", ["min"] = "50000000" }, amount.Values);
        var term = Only(problems, "maxTermMonths");
        Assert.Equal(Reasons.BelowField, term.Reason);
        Assert.Equal("12", term.Values["min"]);
    }

    [Fact]
    public void A_webhook_over_http_and_a_short_secret_say_which_rule()
    {
        var problems = Assert.Throws<RuleViolationException>(() =>
            FinanceMarket.Notifications.Model.OutboundRules.ValidateWebhook("http://bank.example/hook", "short", allowPrivate: false)).Problems;

        Assert.Equal(Reasons.UrlNotHttps, Only(problems, "url").Reason);
        var secret = Only(problems, "secret");
        Assert.Equal(Reasons.SecretFormat, secret.Reason);
        Assert.Equal(new Dictionary<string, string> { ["min"] = "16", ["max"] = "256" }, secret.Values);
    }
}
