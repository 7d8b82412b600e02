namespace FinanceMarket.IntegrationEvents;

// The enterprise withdrew the consent: the bank reads nothing under it from RevokedAt on.
public sealed record CreditConsentRevokedIntegrationEvent(
    string ConsentId,
    string Uscc,
    string BankId,
    DateTimeOffset RevokedAt) : IntegrationEvent
{
    public string? EnterpriseName { get; init; }

    public override string OrderingKey => "consent:" + ConsentId;
}
