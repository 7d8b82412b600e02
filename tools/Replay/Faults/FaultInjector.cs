using System.Globalization;
using FinanceMarket.Terminal;

namespace FinanceMarket.Replay.Faults;

// Injects the schedule's faults one after another as the replay passes each one's moment, and reports
// the replay's progress on. Faults whose moment the replay never reached are injected at its end, before
// the figures are checked: every fault of the schedule happens.
public sealed class FaultInjector(
    IReadOnlyList<Fault> faults, int seed, Fleet fleet, Redelivery redelivery, PlatformApi api, TextWriter log, IProgress<ProgressReport>? inner) : IProgress<ProgressReport>
{
    private readonly TaskCompletionSource _end = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // A killed process comes back in the background while the schedule goes on (two may be down at once); a
    // second fault on the same process waits for it to be back.
    private readonly Dictionary<string, Task> _restarts = new(StringComparer.Ordinal);
    private double _share;
    private int _injected;
    private Task? _running;

    public int Injected => Volatile.Read(ref _injected);

    public void Report(ProgressReport value)
    {
        Volatile.Write(ref _share, value.Total == 0 ? 0 : (double)value.Done / value.Total);
        inner?.Report(value);
    }

    public void Start(CancellationToken ct) => _running = Task.Run(() => RunAsync(ct), ct);

    // The replay's writes are done: the faults still ahead happen now, and this returns once all have.
    public async Task FinishAsync()
    {
        _end.TrySetResult();
        await (_running ?? Task.CompletedTask);
        await Task.WhenAll(_restarts.Values);
    }

    private async Task RunAsync(CancellationToken ct)
    {
        foreach (var fault in faults)
        {
            while (Volatile.Read(ref _share) < fault.At && !_end.Task.IsCompleted)
            {
                await Task.WhenAny(Task.Delay(50, ct), _end.Task);
            }

            var at = Volatile.Read(ref _share);
            await InjectAsync(fault, ct);
            Interlocked.Increment(ref _injected);
            log.WriteLine($"fault {fault} (injected at {at:P0})");
        }
    }

    // Through the gateway, which moves the clock only forward and one move at a time: when the replay turns the
    // month between this read and the step, the step is refused (400) and taken from the new date instead.
    private async Task<string> StepClockAsync(int days, CancellationToken ct)
    {
        var token = await api.TokenAsync("operator", "replay-faults", ct: ct);
        for (var attempt = 1; ; attempt++)
        {
            var clock = await api.GetAsync("/api/v1/dev/clock", null, ct);
            var to = DateOnly.ParseExact((string)clock["today"]!, "yyyy-MM-dd", CultureInfo.InvariantCulture).AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (await api.SendAsync(HttpMethod.Put, "/api/v1/dev/clock", token, new { today = to }, ct, badRequestIsFine: true) is not null)
            {
                return to;
            }

            if (attempt == 5)
            {
                throw new ReplayException($"the demo clock would not step forward to {to}");
            }
        }
    }

    private async Task RestartAsync(Fault fault, CancellationToken ct)
    {
        await Task.Delay(fault.Hold, ct);
        await fleet.StartAsync(fault.Target, ct);
    }

    private async Task InjectAsync(Fault fault, CancellationToken ct)
    {
        switch (fault.Kind)
        {
            case FaultKind.KillService or FaultKind.KillGateway or FaultKind.RestartRedis:
                if (_restarts.TryGetValue(fault.Target, out var back))
                {
                    await back;
                }

                fleet.Kill(fault.Target);
                _restarts[fault.Target] = RestartAsync(fault, ct);
                break;
            case FaultKind.ClientTimeout:
                api.TimeOutNextWrites(fault.Writes, fault.Hold);
                break;
            case FaultKind.DuplicateDelivery or FaultKind.OutOfOrderDelivery:
                // Which events: drawn from the seed and the fault's number, among those published by then.
                var delivered = await redelivery.SendAsync(fault.Target, fault.Writes, fault.Kind == FaultKind.OutOfOrderDelivery, new Random(unchecked((seed * 1_000) + fault.Number)), ct);
                log.WriteLine($"fault #{fault.Number}: {delivered} deliveries made again");
                break;
            case FaultKind.SubscriberFailing or FaultKind.DiskFull:
                await fleet.SwitchOnForAsync(fault.Target, fault.Kind == FaultKind.DiskFull ? "disk-full" : "subscriber-fail", fault.Hold, ct);
                break;
            case FaultKind.ClockStep:
                log.WriteLine($"fault #{fault.Number}: the demo clock stepped to {await StepClockAsync(fault.Writes, ct)}");
                break;
            default:
                throw new ReplayException($"no way to inject {fault.Kind}");
        }
    }
}
