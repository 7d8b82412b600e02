namespace FinanceMarket.Replay;

// BeforeChecks runs once the year's writes are sent, before the figures are read (the fault schedule ends there).
public sealed record ReplayOptions(int Concurrency = 8, TimeSpan? SettleTimeout = null, Func<CancellationToken, Task>? BeforeChecks = null);

public sealed record FigureCheck(string Scope, string Figure, long Expected, long Actual)
{
    public bool Equal => Expected == Actual;
}

public sealed record ReplayReport(
    DateOnly From, DateOnly To, TimeSpan Elapsed, long Requests, int Enterprises, int Applications,
    IReadOnlyList<FigureCheck> Checks, IReadOnlyList<string> Problems)
{
    public bool Exact => Problems.Count == 0 && Checks.All(c => c.Equal);

    public long Expected(string figure) => Checks.First(c => c.Scope == Ledger.District && c.Figure == figure).Expected;
}
