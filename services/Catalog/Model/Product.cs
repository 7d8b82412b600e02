namespace FinanceMarket.Catalog.Model;

[WireNames]
public enum ProductStatus
{
    Listed = 1,
    Delisted = 2,
}

// RegionCode is the province whose official created the bank ("" when the operator did, and for banks
// created before regions were kept): that province's officials rename it, and the operator any bank.
// Renames keep every former name, newest last.
public sealed record Bank(string BankId, string Name, DateTimeOffset CreatedAt, string RegionCode = "", IReadOnlyList<BankRename>? Renames = null);

public sealed record BankRename(string FormerName, string RenamedBy, string Reason, DateTimeOffset RenamedAt);

// Empty lists mean "no restriction"; codes match by prefix.
public sealed record Eligibility(
    IReadOnlyList<SizeClass> SizeClasses,
    IReadOnlyList<string> IndustryCodes,
    IReadOnlyList<string> RegionCodes,
    int MinYearsInOperation,
    TaxCreditRating? MinTaxCreditRating,
    bool CollateralRequired,
    bool ExcludeEnforcementRecords = false);

// UpdatedAt is null until the bank first edits the product (documents stored before edits existed read so too).
public sealed record Product(
    string ProductId,
    string BankId,
    string Name,
    ProductKind Kind,
    long MinAmountFen,
    long MaxAmountFen,
    int MinTermMonths,
    int MaxTermMonths,
    int RateSpreadBp,
    Eligibility Eligibility,
    bool SubsidyEligible,
    int DecisionSlaDays,
    ProductStatus Status,
    DateTimeOffset ListedAt,
    DateTimeOffset? DelistedAt,
    long Version,
    DateTimeOffset? UpdatedAt = null)
{
    public Moderation? Moderation { get; init; }

    public PreCreditFormula? PreCredit { get; init; }
}

// An official's delisting: the official, the region they act for, the reason the bank reads, and when.
public sealed record Moderation(string Official, string RegionCode, string Reason, DateTimeOffset At);

public sealed record ProductQuery(ProductKind? Kind, string? BankId, ProductStatus Status);
