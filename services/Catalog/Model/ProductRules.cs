using System.Text.RegularExpressions;

namespace FinanceMarket.Catalog.Model;

// What a bank sends to list a product, or to edit one, before the service checks it.
public sealed record ProductListing(
    string Name,
    ProductKind? Kind,
    long MinAmountFen,
    long MaxAmountFen,
    int MinTermMonths,
    int MaxTermMonths,
    int RateSpreadBp,
    EligibilityRequest? Eligibility,
    bool SubsidyEligible,
    int DecisionSlaDays,
    PreCreditFormula? PreCredit = null);

// Raw enum values as received: 0 and unknown numbers are reported, not silently dropped.
public sealed record EligibilityRequest(
    IReadOnlyList<int> SizeClasses,
    IReadOnlyList<string> IndustryCodes,
    IReadOnlyList<string> RegionCodes,
    int MinYearsInOperation,
    int MinTaxCreditRating,
    bool CollateralRequired,
    bool? ExcludeEnforcementRecords = null);

public static partial class ProductRules
{
    // A bank's own decision deadline may not exceed the month the 2024 coordination mechanism allows.
    public const int MaxDecisionSlaWorkingDays = 22;

    // \z, not $: $ also matches before a final newline, which would admit "icbc\n" beside "icbc".
    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{1,39}\z")]
    private static partial Regex BankIdPattern();

    public static bool IsBankId(string? bankId) => bankId is not null && BankIdPattern().IsMatch(bankId);

    public static void ValidateBank(Violations violations, string? bankId, string? name)
    {
        violations.Require(IsBankId(bankId), "bankId", Reasons.BankIdFormat, "must be 2-40 lower-case letters, digits or hyphens, starting with a letter or digit");
        violations.Text("name", name);
    }

    public static Product Validate(string bankId, ProductListing r, TimeProvider time) => Validate(new Violations(), bankId, r, time);

    // An edit is checked exactly as a listing is, with the same messages. What an edit cannot change stays:
    // the id, the bank, the listing date; the version moves on by one.
    public static Product Revise(Violations v, Product current, ProductListing r, TimeProvider time) =>
        Validate(v, current.BankId, r, time) with
        {
            ProductId = current.ProductId,
            ListedAt = current.ListedAt,
            Version = current.Version + 1,
            UpdatedAt = time.GetUtcNow(),
        };

    // v may already hold the caller's own findings, so that one answer names every bad field.
    private static Product Validate(Violations v, string bankId, ProductListing r, TimeProvider time)
    {
        v.Text("name", r.Name);
        if (r.Kind is null)
        {
            v.NotOneOf("kind", Enum.GetValues<ProductKind>().Select(k => k.Wire()));
        }

        v.Range("minAmountFen", r.MinAmountFen, 1, Limits.MaxLoanFen);
        v.Range("maxAmountFen", r.MaxAmountFen, 1, Limits.MaxLoanFen);
        v.Require(r.MaxAmountFen >= r.MinAmountFen, "maxAmountFen", Reasons.BelowField, "must not be below minAmountFen",
            ("field", "minAmountFen"), ("min", r.MinAmountFen));
        v.Range("minTermMonths", r.MinTermMonths, 1, Limits.MaxTermMonths);
        v.Range("maxTermMonths", r.MaxTermMonths, 1, Limits.MaxTermMonths);
        v.Require(r.MaxTermMonths >= r.MinTermMonths, "maxTermMonths", Reasons.BelowField, "must not be below minTermMonths",
            ("field", "minTermMonths"), ("min", r.MinTermMonths));
        v.Range("rateSpreadBp", r.RateSpreadBp, Limits.MinSpreadBp, Limits.MaxSpreadBp);
        v.Range("decisionSlaDays", r.DecisionSlaDays, 1, MaxDecisionSlaWorkingDays);
        var eligibility = ValidateEligibility(v, r.Eligibility ?? new EligibilityRequest([], [], [], 0, 0, false));
        if (r.PreCredit is { } formula)
        {
            v.Range("preCredit.taxPaidMultiple", formula.TaxPaidMultiple, 0, PreCreditFormula.MaxTaxPaidMultiple);
            v.Range("preCredit.invoicedRevenueShareBp", formula.InvoicedRevenueShareBp, 0, 10_000);
            v.Require(formula.TaxPaidMultiple > 0 || formula.InvoicedRevenueShareBp > 0, "preCredit", Reasons.OneOfRequired,
                "needs taxPaidMultiple or invoicedRevenueShareBp above 0 (or leave preCredit out)", ("fields", "taxPaidMultiple,invoicedRevenueShareBp"));
        }

        v.ThrowIfAny();

        return new Product(
            SortableId.NewId(time),
            bankId,
            r.Name.Trim(),
            r.Kind!.Value,
            r.MinAmountFen,
            r.MaxAmountFen,
            r.MinTermMonths,
            r.MaxTermMonths,
            r.RateSpreadBp,
            eligibility,
            r.SubsidyEligible,
            r.DecisionSlaDays,
            ProductStatus.Listed,
            time.GetUtcNow(),
            null,
            1)
        {
            PreCredit = r.PreCredit,
        };
    }

    private static Eligibility ValidateEligibility(Violations v, EligibilityRequest e)
    {
        const string prefix = "eligibility.";
        var sizes = v.Enums<SizeClass>(prefix + "sizeClasses", e.SizeClasses);
        var industries = v.Codes(prefix + "industryCodes", e.IndustryCodes, IndustryCode.Normalize, IndustryCode.Problem);
        var regions = v.Codes(prefix + "regionCodes", e.RegionCodes, c => c.Trim(), RegionCode.PrefixProblem);
        v.Range(prefix + "minYearsInOperation", e.MinYearsInOperation, 0, Limits.MaxYearsInOperation);
        TaxCreditRating? minRating = null;
        if (e.MinTaxCreditRating != 0)
        {
            if (Enum.IsDefined((TaxCreditRating)e.MinTaxCreditRating))
            {
                minRating = (TaxCreditRating)e.MinTaxCreditRating;
            }
            else
            {
                v.Add(prefix + "minTaxCreditRating", Reasons.NotOneOf, "must be one of A, B, M, C, D, or left out for no minimum",
                    ("allowed", Enum.GetValues<TaxCreditRating>().Select(t => t.Wire())), ("got", e.MinTaxCreditRating));
            }
        }

        // New listings and edits refuse enterprises with an enforcement record in force unless the bank says not.
        return new Eligibility(sizes, industries, regions, e.MinYearsInOperation, minRating, e.CollateralRequired, e.ExcludeEnforcementRecords ?? true);
    }
}
