using System.Globalization;
using System.Text.Json.Serialization;
using FinanceMarket.Domain;

namespace FinanceMarket.Matching.Engine;

// What a reason is about. The first ten are the eligibility rules (EligibilityRules.Failing yields them),
// the rest why a product matched. Numbered as the API's ReasonCode, whose 0 is "unspecified", so the
// numbers pass across unchanged.
public enum ReasonCode
{
    SizeClass = 1,
    Industry = 2,
    Region = 3,
    YearsInOperation = 4,
    TaxRating = 5,
    Collateral = 6,
    AmountAboveMaximum = 7,
    AmountBelowMinimum = 8,
    TermAboveMaximum = 9,
    TermBelowMinimum = 10,
    EstimatedRate = 11,
    AmountWithin = 12,
    TermWithin = 13,
    DecisionWithin = 14,
    SubsidyEligible = 15,

    // An eligibility rule, numbered after the others as it came later: the product admits no enterprise with
    // a court enforcement record in force.
    EnforcementRecord = 16,

    // Why a product matched: a rule it sets was met on verified data, not on what was declared.
    VerifiedData = 17,
}

// A reason as data: its code and the values it is built from, so that any language can be written from
// it; ToEnglish() writes the sentence the API has always sent. A code sets only its own group of values
// (none for Collateral and SubsidyEligible); the rest stay null, and are left out of stored documents.
public sealed record Reason(ReasonCode Code)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Requirement<IReadOnlyList<SizeClass>, SizeClass>? SizeClass { get; init; }

    // Industry and region codes: each listed code covers the codes it is a prefix of.
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Requirement<IReadOnlyList<string>, string>? Industry { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Requirement<IReadOnlyList<string>, string>? Region { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Requirement<int, int>? YearsInOperation { get; init; }

    // Required is the product's minimum rating.
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Requirement<TaxCreditRating, TaxCreditRating>? TaxRating { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public AmountRange? Amount { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TermRange? Term { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RateEstimate? Rate { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? DecisionSlaDays { get; init; }

    // ENFORCEMENT_RECORD: how many records the enterprise has in force.
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? EnforcementRecords { get; init; }

    // Where the enterprise's value in this reason came from, when the credit data verified it ("tax data 2025");
    // VERIFIED_DATA names the rule (TaxRating or SizeClass) in Verified.
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? VerifiedBy { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public VerifiedValue? Verified { get; init; }

    public string ToEnglish() => VerifiedBy is { } source && Code is not ReasonCode.VerifiedData ? $"{Sentence()} (verified by {source})" : Sentence();

    private string Sentence() => this switch
    {
        { Code: ReasonCode.SizeClass, SizeClass: { } s } => $"for {string.Join(", ", s.Required.Select(c => c.Wire()))} enterprises; yours is {s.Actual.Wire()}",
        { Code: ReasonCode.Industry, Industry: { } i } => $"for industries {string.Join(", ", i.Required)}; yours is {i.Actual}",
        { Code: ReasonCode.Region, Region: { } r } => $"for regions {string.Join(", ", r.Required)}; yours is {r.Actual}",
        { Code: ReasonCode.YearsInOperation, YearsInOperation: { } y } => $"requires {Years(y.Required)} in operation; yours is {Years(y.Actual)}",
        { Code: ReasonCode.TaxRating, TaxRating: { Required: TaxCreditRating.A } t } => $"requires tax rating A; yours is {t.Actual}",
        { Code: ReasonCode.TaxRating, TaxRating: { } t } => $"requires tax rating {t.Required} or better; yours is {t.Actual}",
        { Code: ReasonCode.Collateral } => "requires collateral; your need offers none",
        { Code: ReasonCode.AmountAboveMaximum, Amount: { } a } => $"amount {Yuan(a.AmountFen)} yuan exceeds this product's maximum {Yuan(a.MaxAmountFen)} yuan",
        { Code: ReasonCode.AmountBelowMinimum, Amount: { } a } => $"amount {Yuan(a.AmountFen)} yuan is below this product's minimum {Yuan(a.MinAmountFen)} yuan",
        { Code: ReasonCode.AmountWithin, Amount: { } a } => $"amount {Yuan(a.AmountFen)} yuan within {Yuan(a.MinAmountFen)}–{Yuan(a.MaxAmountFen)} yuan",
        { Code: ReasonCode.TermAboveMaximum, Term: { } t } => $"term {t.TermMonths} months exceeds this product's maximum {t.MaxTermMonths} months",
        { Code: ReasonCode.TermBelowMinimum, Term: { } t } => $"term {t.TermMonths} months is below this product's minimum {t.MinTermMonths} months",
        { Code: ReasonCode.TermWithin, Term: { } t } => $"term {t.TermMonths} months within {t.MinTermMonths}–{t.MaxTermMonths} months",
        { Code: ReasonCode.EstimatedRate, Rate: { } r } => $"estimated rate {Percent(r.EstimatedRateBp)} (LPR {Percent(r.LprBp)} {Spread(r.RateSpreadBp)})",
        { Code: ReasonCode.DecisionWithin, DecisionSlaDays: 1 } => "decision within 1 working day",
        { Code: ReasonCode.DecisionWithin, DecisionSlaDays: { } days } => $"decision within {days} working days",
        { Code: ReasonCode.SubsidyEligible } => "qualifies for interest subsidies",
        { Code: ReasonCode.EnforcementRecord, EnforcementRecords: { } n } =>
            $"admits no enterprise with a court enforcement record in force; yours has {n}",
        { Code: ReasonCode.VerifiedData, Verified: { Rule: ReasonCode.TaxRating } v, VerifiedBy: { } by } => $"tax rating {v.Value}, verified by {by}",
        { Code: ReasonCode.VerifiedData, Verified: { Rule: ReasonCode.SizeClass } v, VerifiedBy: { } by } => $"size class {v.Value}, verified by {by}",
        _ => throw new InvalidOperationException($"A {Code} reason without the values it is written from."),
    };

    public static string Yuan(long fen) => Money.Yuan(fen);

    // 345 bp → "3.45 %".
    public static string Percent(int basisPoints) =>
        string.Create(CultureInfo.InvariantCulture, $"{(basisPoints < 0 ? "-" : "")}{Math.Abs(basisPoints) / 100}.{Math.Abs(basisPoints) % 100:00} %");

    private static string Spread(int bp) => bp >= 0 ? $"+ {bp} bp" : $"- {-bp} bp";

    private static string Years(int years) => years == 1 ? "1 year" : $"{years} years";
}

// What the product requires (or admits), and what the enterprise has.
public sealed record Requirement<TRequired, TActual>(TRequired Required, TActual Actual);

// The need's amount and the product's range, in fen.
public sealed record AmountRange(long AmountFen, long MinAmountFen, long MaxAmountFen);

// The need's term and the product's range, in months.
public sealed record TermRange(int TermMonths, int MinTermMonths, int MaxTermMonths);

// A rule met on verified data: which rule (TaxRating or SizeClass) and the enterprise's value ("A", "SMALL").
public sealed record VerifiedValue(ReasonCode Rule, string Value);

// The estimated rate: the LPR for the term plus the product's spread, in basis points.
public sealed record RateEstimate(int EstimatedRateBp, int LprBp, int RateSpreadBp);
