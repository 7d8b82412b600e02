namespace FinanceMarket.IntegrationEvents;

// The enterprise took its broadcast back: banks no longer see it, those that took it keep their applications.
public sealed record BroadcastWithdrawnIntegrationEvent(
    string NeedId,
    string Uscc,
    string RegionCode,
    int Round,
    string WithdrawnOn) : IntegrationEvent
{
    public override string OrderingKey => "need:" + NeedId;
}
