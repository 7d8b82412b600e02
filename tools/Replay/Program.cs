using System.Globalization;
using FinanceMarket.Replay;
using FinanceMarket.Replay.Faults;
using FinanceMarket.Terminal;

// dotnet run --project tools/Replay -- [--gateway http://127.0.0.1:8080] [--seed 2022] [--scale x1|x10|x100|0.1] [--concurrency 8]
//   [--faults N --fault-seed S --data-dir <run.sh's data folder>]   (run by ./run.sh --demo --faults N --fault-seed S)
// dotnet run --project tools/Replay -- --held-load --data-dir <run.sh's data folder> [--down SECONDS]   (run by bash bench/load.sh --faults)
return await ReplayCommand.RunAsync(args);

internal static class ReplayCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var port = Environment.GetEnvironmentVariable("FINANCEMARKET_REST_PORT") is { Length: > 0 } p ? p : "8080";
        var gateway = new Uri($"http://127.0.0.1:{port}");
        var seed = 2022;
        var scale = 1m;
        var concurrency = 8;
        var faults = 0;
        var faultSeed = 1;
        string? dataDir = null;
        var heldLoad = false;
        var down = 3.0;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : "";
            switch (args[i])
            {
                case "--gateway": gateway = new Uri(value); i++; break;
                case "--seed": seed = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
                case "--scale": scale = decimal.Parse(value.TrimStart('x', 'X'), CultureInfo.InvariantCulture); i++; break;
                case "--concurrency": concurrency = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
                case "--faults": faults = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
                case "--fault-seed": faultSeed = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
                case "--data-dir": dataDir = value; i++; break;
                case "--held-load": heldLoad = true; break;
                case "--down": down = double.Parse(value, CultureInfo.InvariantCulture); i++; break;
                default:
                    Console.Error.WriteLine("usage: replay [--gateway URL] [--seed N] [--scale x1|x10|x100|0.1] [--concurrency N] [--faults N --fault-seed S --data-dir DIR] | --held-load --data-dir DIR [--down SECONDS]");
                    return 2;
            }
        }

        if (heldLoad)
        {
            if (dataDir is null)
            {
                Console.Error.WriteLine("--held-load needs --data-dir, the folder of the platform run.sh started (bash bench/load.sh --faults passes it)");
                return 2;
            }

            using var loadApi = PlatformApi.For(gateway);
            return await new HeldLoad(loadApi, gateway, new Fleet(dataDir), new HeldLoadOptions(DownSeconds: down), Path.Combine(dataDir, "held-load.csv"), Console.Out).RunAsync(CancellationToken.None);
        }

        var plan = DistrictPlan.Create(seed, scale);
        Console.WriteLine($"Replaying district {plan.RegionCode} at x{scale.ToString(CultureInfo.InvariantCulture)} (seed {seed}) through {gateway}: " +
            $"{plan.Enterprises.Count:N0} enterprises, {plan.Banks.Count} banks, {plan.Applications.Count:N0} applications " +
            $"({plan.Applications.Count(a => a.Outcome == Outcome.Approved):N0} to be approved, {Yuan(plan.CreditFen)} yuan), " +
            $"{Yuan(plan.SubsidisedPrincipalFen)} yuan of subsidised loans.");
        using var api = PlatformApi.For(gateway);
        using var bar = new ProgressBar(Console.Error);
        if (faults > 0)
        {
            return await WithFaultsAsync(api, plan, concurrency, bar, faults, faultSeed, dataDir, $"--seed {seed} --scale {scale.ToString(CultureInfo.InvariantCulture)}");
        }

        try
        {
            var report = await new Replayer(api, plan, new ReplayOptions(concurrency), bar).RunAsync();
            bar.Finish();
            Print(report);
            return report.Exact ? 0 : 1;
        }
        catch (ReplayException e)
        {
            bar.Finish();
            Console.Error.WriteLine("replay stopped: " + e.Message);
            return 2;
        }
    }

    // The year with the seed's faults, ending with one verdict: equal, or the first difference and the seed
    // that reproduces it.
    private static async Task<int> WithFaultsAsync(PlatformApi api, DistrictPlan plan, int concurrency, ProgressBar bar, int count, int faultSeed, string? dataDir, string year)
    {
        if (dataDir is null)
        {
            Console.Error.WriteLine("--faults needs --data-dir, the folder of the platform run.sh started (./run.sh --demo --faults N --fault-seed S passes it)");
            return 2;
        }

        var fleet = new Fleet(dataDir);
        var schedule = FaultPlan.Draw(faultSeed, count, fleet.Services, fleet.Publishers);
        Console.WriteLine($"Fault schedule of seed {faultSeed} ({count} faults, {schedule.Select(f => f.Kind).Distinct().Count()} kinds):");
        foreach (var fault in schedule)
        {
            Console.WriteLine("  " + fault);
        }

        using var redelivery = new Redelivery(dataDir, fleet);
        var injector = new FaultInjector(schedule, faultSeed, fleet, redelivery, api, Console.Out, bar);
        var options = new ReplayOptions(concurrency, TimeSpan.FromMinutes(5), _ => injector.FinishAsync());
        try
        {
            injector.Start(CancellationToken.None);
            var replayed = await new Replayer(api, plan, options, injector).RunAsync();
            var endState = await new EndState(dataDir, api, plan.RegionCode).CheckAsync(TimeSpan.FromMinutes(2), CancellationToken.None);
            var report = replayed with { Checks = [.. replayed.Checks, .. endState] };
            bar.Finish();
            Print(report);
            Console.WriteLine($"Faults injected: {injector.Injected} of {schedule.Count}; writes that timed out and were sent again: {api.TimedOutWrites}.");
            var first = (report.Problems.Count > 0 ? report.Problems[0] : null)
                ?? report.Checks.Where(c => !c.Equal).Select(c => $"{c.Scope} {c.Figure}: sent {c.Expected:N0}, totals {c.Actual:N0}").FirstOrDefault();
            Console.WriteLine(first is null && injector.Injected == schedule.Count
                ? $"Verdict: equal (fault seed {faultSeed}; {year})."
                : $"Verdict: DIFFERENT. First difference: {first ?? "not every fault was injected"}. Reproduce: ./run.sh --demo {year} --faults {count} --fault-seed {faultSeed}");
            return first is null && injector.Injected == schedule.Count ? 0 : 1;
        }
        catch (Exception e) when (e is ReplayException or HttpRequestException or IOException or TimeoutException)
        {
            // A fault the platform did not survive (or one the tool could not inject) is a verdict too.
            bar.Finish();
            Console.WriteLine($"Verdict: DIFFERENT. The replay stopped: {e.Message}. Reproduce: ./run.sh --demo {year} --faults {count} --fault-seed {faultSeed}");
            return 1;
        }
    }

    private static void Print(ReplayReport report)
    {
        Console.WriteLine($"Replayed {report.From:yyyy-MM-dd} to {report.To:yyyy-MM-dd} in {report.Elapsed.TotalSeconds:F0} s ({report.Requests:N0} requests).");
        Console.WriteLine($"{"figure",-24} {"sent",20} {"totals",20}");
        foreach (var check in report.Checks.Where(c => c.Scope == Ledger.District))
        {
            Console.WriteLine($"{check.Figure,-24} {check.Expected,20:N0} {check.Actual,20:N0} {(check.Equal ? "ok" : "DIFFERS")}");
        }

        var rows = report.Checks.Where(c => c.Scope != Ledger.District).ToList();
        var wrong = rows.Where(c => !c.Equal).ToList();
        Console.WriteLine($"By bank, by month and on the banks' scorecards: {rows.Count - wrong.Count} of {rows.Count} figures equal.");
        foreach (var check in wrong)
        {
            Console.WriteLine($"  {check.Scope} {check.Figure}: sent {check.Expected:N0}, totals {check.Actual:N0}");
        }

        foreach (var problem in report.Problems)
        {
            Console.WriteLine("  " + problem);
        }

        Console.WriteLine(report.Exact ? "The totals equal the ground truth." : "The totals DIFFER from the ground truth.");
    }

    private static string Yuan(long fen) => (fen / 100m).ToString("N2", CultureInfo.InvariantCulture);
}
