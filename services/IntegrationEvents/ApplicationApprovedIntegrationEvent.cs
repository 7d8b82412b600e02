namespace FinanceMarket.IntegrationEvents;

// The deal: what the bank granted, on which terms, to whom. Totals count it; subsidies claim against it.
public sealed record ApplicationApprovedIntegrationEvent(
    string SizeClass,
    string ProductKind,
    long GrantedAmountFen,
    int AnnualRateBp,
    int TermMonths,
    string ContractDate,
    bool SubsidyEligible) : ApplicationIntegrationEvent;
