namespace FinanceMarket.IntegrationEvents;

// What an official or the operator did (or read outside their own region), saved in the outbox of the change
// it describes, so an entry exists exactly when the change does. Subsidies keeps the one log, hash-chained.
// Before and After are the changed record's values as JSON (absent for a creation, a read or a decision
// that only moves a state, where After says what was decided).
public sealed record AuditRecordedIntegrationEvent(
    string ActorRole,
    string ActorSubject,
    string ActorRegion,
    string Action,
    string RegionCode,
    string Target,
    string? Before,
    string? After,
    string? Reason) : IntegrationEvent
{
    // When it was done, on the acting service's clock (the demo's clock in a replay); OccurredAt stays the
    // real instant the outbox schedules delivery by.
    public DateTimeOffset At { get; init; }

    public override string OrderingKey => "audit:" + Target;
}
