namespace FinanceMarket.IntegrationEvents;

// A CONTACT or DECIDE step of an application falls due on the next working day (or today): the bank is told
// while it can still keep the promise, where ServiceStepOverdue only tells the officials once it is broken.
// TAKE steps have no bank to tell. Raised once per step, by matching's sweep.
public sealed record ServiceStepDueSoonIntegrationEvent(
    string StepId,
    string Step,
    string NeedId,
    string? ApplicationId,
    string? BankId,
    string Uscc,
    string RegionCode,
    string IndustryCode,
    string DueOn,
    string RemindedOn) : IntegrationEvent
{
    // A step's reminder and its overdue event share the key, so a subscriber reads them in the order raised.
    // The enterprise's registered name, so the bank's and the officials' notices name it (absent in older events).
    public string? EnterpriseName { get; init; }

    public override string OrderingKey => "step:" + StepId;
}
