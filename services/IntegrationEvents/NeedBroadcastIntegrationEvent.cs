namespace FinanceMarket.IntegrationEvents;

// An enterprise sent a need to every bank with a fitting product (抢单), or, on referral, to every fitting
// bank but those that declined it or already took it. Dates are Asia/Shanghai YYYY-MM-DD.
public sealed record NeedBroadcastIntegrationEvent(
    string NeedId,
    string Uscc,
    string RegionCode,
    string IndustryCode,
    int Round,
    int MaxTakers,
    IReadOnlyList<string> BankIds,
    string BroadcastOn,
    string TakeBy,
    string OpenUntil,
    string? ReferredFromApplicationId) : IntegrationEvent
{
    public override string OrderingKey => "need:" + NeedId;
}
