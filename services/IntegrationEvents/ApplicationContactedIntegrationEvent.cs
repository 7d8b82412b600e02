namespace FinanceMarket.IntegrationEvents;

// The bank recorded its first contact with the enterprise (PHONE, VISIT or ONLINE).
public sealed record ApplicationContactedIntegrationEvent(
    string Channel,
    string ContactedOn,
    string ContactBy,
    long WorkingMinutesToContact) : ApplicationIntegrationEvent;
