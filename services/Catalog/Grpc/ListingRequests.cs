namespace FinanceMarket.Catalog.V1;

// Listing a product and editing it send the same listing fields (the same proto field numbers), so one
// mapping to the model serves both requests, and the same rules check them.
internal interface IListingRequest
{
    string Name { get; }

    Common.V1.ProductKind Kind { get; }

    long MinAmountFen { get; }

    long MaxAmountFen { get; }

    int MinTermMonths { get; }

    int MaxTermMonths { get; }

    int RateSpreadBp { get; }

    Eligibility Eligibility { get; }

    bool SubsidyEligible { get; }

    int DecisionSlaDays { get; }

    PreCreditFormula PreCredit { get; }
}

internal sealed partial class ListProductRequest : IListingRequest
{
}

internal sealed partial class UpdateProductRequest : IListingRequest
{
}
