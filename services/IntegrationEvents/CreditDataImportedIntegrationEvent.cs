namespace FinanceMarket.IntegrationEvents;

// A provider's batch of credit records was imported: how many were kept, refused and flagged, so the
// officials of the region hear of the records that need a look.
public sealed record CreditDataImportedIntegrationEvent(
    string BatchId,
    string ProviderId,
    string RegionCode,
    string Kind,
    int Received,
    int Accepted,
    int Refused,
    int Flagged,
    DateTimeOffset ImportedAt) : IntegrationEvent
{
    public override string OrderingKey => "provider:" + ProviderId;
}
