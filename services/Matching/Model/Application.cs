namespace FinanceMarket.Matching.Model;

// Same numbers as the proto enum.
[WireNames]
public enum ApplicationStatus
{
    Submitted = 1,
    Approved = 2,
    Rejected = 3,
    Expired = 4,
}

// The product as the catalog described it when the enterprise applied: an approval is checked against it.
public sealed record OfferedProduct(
    string ProductId,
    string BankId,
    string Name,
    ProductKind Kind,
    long MinAmountFen,
    long MaxAmountFen,
    int MinTermMonths,
    int MaxTermMonths,
    int RateSpreadBp,
    bool SubsidyEligible,
    int DecisionSlaDays)
{
    // The product's terms as they stood when the application was made, from the one shelf shape.
    public static OfferedProduct From(ShelfProduct p) => new(
        p.ProductId, p.BankId, p.Name, p.Kind, p.MinAmountFen, p.MaxAmountFen, p.MinTermMonths, p.MaxTermMonths, p.RateSpreadBp, p.SubsidyEligible,
        p.DecisionSlaDays);
}

public sealed record Deal(long GrantedAmountFen, int AnnualRateBp, int TermMonths, DateOnly ContractDate);

public sealed record Application(
    string ApplicationId,
    string NeedId,
    string Uscc,
    EnterpriseProfile Enterprise,
    OfferedProduct Product,
    long RequestedAmountFen,
    int RequestedTermMonths,
    ApplicationStatus Status,
    DateTimeOffset SubmittedAt,
    DateOnly DecideBy,
    DateTimeOffset? DecidedAt,
    string? DecidedBy,
    string? RejectionReason,
    Deal? Deal,
    long Version)
{
    public string BankId => Product.BankId;

    public string RegionCode => Enterprise.RegionCode;
}

public sealed record ApplicationQuery(string? BankId, string? Uscc, string? RegionPrefix, ApplicationStatus? Status);
