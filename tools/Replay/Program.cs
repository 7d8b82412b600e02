using System.Globalization;
using FinanceMarket.Replay;
using FinanceMarket.Terminal;

// dotnet run --project tools/Replay -- [--gateway http://127.0.0.1:8080] [--seed 2022] [--scale x1|x10|x100|0.1] [--concurrency 8]
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
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : "";
            switch (args[i])
            {
                case "--gateway": gateway = new Uri(value); i++; break;
                case "--seed": seed = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
                case "--scale": scale = decimal.Parse(value.TrimStart('x', 'X'), CultureInfo.InvariantCulture); i++; break;
                case "--concurrency": concurrency = int.Parse(value, CultureInfo.InvariantCulture); i++; break;
                default:
                    Console.Error.WriteLine("usage: replay [--gateway URL] [--seed N] [--scale x1|x10|x100|0.1] [--concurrency N]");
                    return 2;
            }
        }

        var plan = DistrictPlan.Create(seed, scale);
        Console.WriteLine($"Replaying district {plan.RegionCode} at x{scale.ToString(CultureInfo.InvariantCulture)} (seed {seed}) through {gateway}: " +
            $"{plan.Enterprises.Count:N0} enterprises, {plan.Banks.Count} banks, {plan.Applications.Count:N0} applications " +
            $"({plan.Applications.Count(a => a.Outcome == Outcome.Approved):N0} to be approved, {Yuan(plan.CreditFen)} yuan), " +
            $"{Yuan(plan.SubsidisedPrincipalFen)} yuan of subsidised loans.");
        using var api = PlatformApi.For(gateway);
        using var bar = new ProgressBar(Console.Error);
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
