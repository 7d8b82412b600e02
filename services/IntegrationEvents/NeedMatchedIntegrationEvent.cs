namespace FinanceMarket.IntegrationEvents;

// An enterprise posted a financing need and was shown the products it qualifies for.
public sealed record NeedMatchedIntegrationEvent(
    string NeedId,
    string Uscc,
    string RegionCode,
    string IndustryCode,
    string SizeClass,
    long AmountFen,
    int TermMonths,
    int Matches,
    int Excluded,
    string PostedOn) : IntegrationEvent
{
    public override string OrderingKey => "need:" + NeedId;
}
