using System.Globalization;

namespace FinanceMarket.Replay.Faults;

public enum FaultKind
{
    // kill -9 of a service's process, started again after the hold.
    KillService,

    // kill -9 of the gateway, started again after the hold.
    KillGateway,

    // Redis (the totals' store) killed and started again on its append-only file after the hold.
    RestartRedis,

    // The next writes of the replay give up on their answer after a few milliseconds and are sent again with
    // their Idempotency-Key, as a client does after a timeout.
    ClientTimeout,

    // A service's subscription endpoints answer 500 to every delivery for the hold: the publishers must keep
    // the events and deliver them again.
    SubscriberFailing,

    // A service's SQLite file may not grow for the hold, as on a full disk: SQLite refuses the writes that
    // need a page (SQLITE_FULL), the client hears 503, and nothing is half-written.
    DiskFull,

    // Events a service published, delivered again to their subscribers, each twice.
    DuplicateDelivery,

    // Pairs of a service's published events of different keys delivered again, the later first.
    OutOfOrderDelivery,

    // The demo clock steps a day forward while the month's writes are under way: whatever is in flight is
    // dated the next day, and the sweeps fire on a date the replay did not set.
    ClockStep,
}

// One fault: when (the share of the replay done), what, on which process, and for how long (the time a
// killed process stays down; the number of writes that time out).
public sealed record Fault(int Number, double At, FaultKind Kind, string Target, TimeSpan Hold, int Writes)
{
    public override string ToString() => Kind switch
    {
        FaultKind.ClientTimeout => $"#{Number,-3} at {At,4:P0}  {Kind,-17} {Writes} writes time out after {Hold.TotalMilliseconds:F0} ms and are retried",
        FaultKind.DuplicateDelivery => $"#{Number,-3} at {At,4:P0}  {Kind,-17} {Target,-14} {Writes} published events delivered twice",
        FaultKind.OutOfOrderDelivery => $"#{Number,-3} at {At,4:P0}  {Kind,-17} {Target,-14} {Writes} pairs of published events, the later first",
        FaultKind.SubscriberFailing or FaultKind.DiskFull => $"#{Number,-3} at {At,4:P0}  {Kind,-17} {Target,-14} for {Seconds} s",
        FaultKind.ClockStep => $"#{Number,-3} at {At,4:P0}  {Kind,-17} {Target,-14} {Writes} day forward",
        _ => $"#{Number,-3} at {At,4:P0}  {Kind,-17} {Target,-14} down {Seconds} s",
    };

    private string Seconds => Hold.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture);
}

// The faults of a run, drawn from a seed alone: the same seed and count give the same schedule on any
// machine, so a run that failed can be run again exactly (`--fault-seed`).
public static class FaultPlan
{
    // `publishers`: the services whose outboxes hold the events they published (redelivered by the delivery
    // faults); totals on Redis and notifications publish nothing.
    public static IReadOnlyList<Fault> Draw(int seed, int count, IReadOnlyList<string> services, IReadOnlyList<string> publishers)
    {
        var random = new Random(seed);
        var kinds = Enum.GetValues<FaultKind>();
        var stores = services.Where(s => s != "totals").ToList();
        var drawn = new List<(double At, FaultKind Kind, string Target, TimeSpan Hold, int Writes)>();
        for (var i = 0; i < count; i++)
        {
            // Every kind once before any twice, so a short schedule still has them all; then any kind.
            var kind = i < kinds.Length ? kinds[i] : kinds[random.Next(kinds.Length)];
            var at = 0.03 + (random.NextDouble() * 0.9);
            var (target, hold, writes) = kind switch
            {
                FaultKind.KillService => (services[random.Next(services.Count)], Millis(random, 200, 4_000), 0),
                FaultKind.KillGateway => ("gateway", Millis(random, 200, 3_000), 0),
                FaultKind.RestartRedis => ("redis", Millis(random, 200, 3_000), 0),
                FaultKind.ClientTimeout => ("replay", Millis(random, 1, 30), random.Next(3, 20)),
                FaultKind.SubscriberFailing => (services[random.Next(services.Count)], Millis(random, 500, 5_000), 0),
                // Totals keep their figures in Redis in this replay; every other service writes its SQLite file.
                FaultKind.DiskFull => (stores[random.Next(stores.Count)], Millis(random, 500, 5_000), 0),
                FaultKind.DuplicateDelivery or FaultKind.OutOfOrderDelivery => (publishers[random.Next(publishers.Count)], TimeSpan.Zero, random.Next(2, 9)),
                FaultKind.ClockStep => ("demo clock", TimeSpan.Zero, 1),
                _ => throw new ArgumentOutOfRangeException(nameof(seed)),
            };
            drawn.Add((at, kind, target, hold, writes));
        }

        return [.. drawn.OrderBy(f => f.At).Select((f, i) => new Fault(i + 1, f.At, f.Kind, f.Target, f.Hold, f.Writes))];
    }

    private static TimeSpan Millis(Random random, int min, int max) => TimeSpan.FromMilliseconds(random.Next(min, max));
}
