namespace FinanceMarket.IntegrationEvents;

// An enterprise let a bank read its credit data (Purpose APPLICATION or PRE_CREDIT) until ExpiresOn
// (Asia/Shanghai, YYYY-MM-DD, inclusive). The bank hears of it.
public sealed record CreditConsentGrantedIntegrationEvent(
    string ConsentId,
    string Uscc,
    string BankId,
    string Purpose,
    string ApplicationId,
    string ExpiresOn) : IntegrationEvent
{
    public string? EnterpriseName { get; init; }

    public override string OrderingKey => "consent:" + ConsentId;
}
