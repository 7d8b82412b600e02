namespace FinanceMarket.IntegrationEvents;

// The deal: what the bank granted, on which terms, to whom. Totals count it; subsidies claim against it.
public sealed record ApplicationApprovedIntegrationEvent(
    string SizeClass,
    string ProductKind,
    long GrantedAmountFen,
    int AnnualRateBp,
    int TermMonths,
    string ContractDate,
    bool SubsidyEligible) : ApplicationIntegrationEvent
{
    // The day of the decision (the contract may be signed later), and the working minutes since the
    // application or take; whether a bank approved a need it received on referral. Absent from events
    // published before the market loop.
    public string? DecidedOn { get; init; }

    public long? WorkingMinutesToDecide { get; init; }

    public bool ViaReferral { get; init; }
}
