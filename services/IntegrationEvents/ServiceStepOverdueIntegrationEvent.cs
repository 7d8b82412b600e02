namespace FinanceMarket.IntegrationEvents;

// A step of the region's service promise was not done by its date: TAKE (nobody took a broadcast need;
// no application or bank then), CONTACT or DECIDE (the application's bank). Raised once per step.
public sealed record ServiceStepOverdueIntegrationEvent(
    string StepId,
    string Step,
    string NeedId,
    string? ApplicationId,
    string? BankId,
    string Uscc,
    string RegionCode,
    string IndustryCode,
    string DueOn,
    string RaisedOn) : IntegrationEvent
{
    // The enterprise's registered name, so the bank's and the officials' notices name it (absent in older events).
    public string? EnterpriseName { get; init; }

    public override string OrderingKey => "step:" + StepId;
}
