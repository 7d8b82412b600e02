
namespace FinanceMarket.Totals.Model;

// The seam between the running totals and where they live: Redis (servers) and SQLite (embedded) pass
// the same contract suite.
public interface ITotalsStore
{
    // All of the change or nothing; false, with nothing changed, when the event id was applied before.
    Task<bool> ApplyAsync(TotalsChange change, CancellationToken cancellationToken);

    Task<Figures> GetAsync(string scope, CancellationToken cancellationToken);

    // Every key of the dimension under the region, with its figures, in key order.
    Task<IReadOnlyList<(string Key, Figures Figures)>> BreakdownAsync(string region, Dimension dimension, CancellationToken cancellationToken);

    // The scorecard rows of a region (Scorecards.Scope) for the days from firstDay to lastDay inclusive, in day
    // order, each with every counter it holds.
    Task<IReadOnlyList<(string Day, IReadOnlyDictionary<string, long> Counters)>> ScoreRowsAsync(
        string region, DateOnly firstDay, DateOnly lastDay, CancellationToken cancellationToken);
}
