namespace FinanceMarket.ServiceDefaults.Hosting;

// Faults the demo's fault replay switches on in a running process (./run.sh --demo --faults): a file
// <data>/faults/<service>.<fault> present means the fault is on. Only with FinanceMarket:FaultFiles, which
// run.sh sets for that replay alone; never in a district's platform.
public sealed class FaultSwitches(string? folder, string service)
{
    public const string DiskFull = "disk-full";

    public const string SubscriberFailing = "subscriber-fail";

    // A look at the folder at most this often: the switches are held for seconds, the requests come in thousands.
    private static readonly TimeSpan Recheck = TimeSpan.FromMilliseconds(100);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (bool On, long At)> _seen = new(StringComparer.Ordinal);

    public static FaultSwitches None { get; } = new(null, "");

    public bool IsOn(string fault)
    {
        if (folder is null)
        {
            return false;
        }

        var now = Environment.TickCount64;
        lock (_gate)
        {
            if (_seen.TryGetValue(fault, out var seen) && now - seen.At < Recheck.TotalMilliseconds)
            {
                return seen.On;
            }

            var on = File.Exists(Path.Combine(folder, $"{service}.{fault}"));
            _seen[fault] = (on, now);
            return on;
        }
    }
}
