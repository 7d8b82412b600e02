namespace FinanceMarket.TestInfrastructure;

// The system clock, moved by a fixed offset: a service that lives some months ahead of the others.
public sealed class ShiftedTimeProvider(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}
