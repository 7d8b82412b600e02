namespace FinanceMarket.IntegrationEvents;

// A bank (under ConsentId) or an official read the enterprise's credit data: the whole profile
// (CREDIT_PROFILE) or the verified values matching uses (VERIFIED_VALUES). The enterprise hears of it.
public sealed record CreditProfileReadIntegrationEvent(
    string ReadId,
    string Uscc,
    string ReaderRole,
    string ReaderId,
    string ReaderName,
    string Scope,
    string ConsentId,
    DateTimeOffset ReadAt) : IntegrationEvent
{
    public override string OrderingKey => "enterprise:" + Uscc;
}
