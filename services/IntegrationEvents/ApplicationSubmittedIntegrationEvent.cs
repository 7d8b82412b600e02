namespace FinanceMarket.IntegrationEvents;

// Dates are Asia/Shanghai YYYY-MM-DD.
public sealed record ApplicationSubmittedIntegrationEvent(
    string ApplicationId,
    string NeedId,
    string ProductId,
    string BankId,
    string Uscc,
    string RegionCode,
    string IndustryCode,
    string ProductKind,
    long RequestedAmountFen,
    string SubmittedOn,
    string DecideBy) : IntegrationEvent
{
    public override string OrderingKey => "application:" + ApplicationId;
}
