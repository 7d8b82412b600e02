
namespace FinanceMarket.Totals.Model;

// The seam between the running totals and where they live: Redis (servers) and SQLite (embedded) pass
// the same contract suite.
public interface ITotalsStore
{
    // All of the change or nothing; false, with nothing changed, when the event id was applied before.
    Task<bool> ApplyAsync(TotalsChange change, CancellationToken cancellationToken);

    Task<Figures> GetAsync(string scope, CancellationToken cancellationToken);

    // Every scope one level under the head ("{head}|{key}", a key without '|'), with its figures, in key order:
    // the keys of a dimension under a region ("130903|bank"), or the months of one key ("130903|bank|ccb").
    Task<IReadOnlyList<(string Key, Figures Figures)>> UnderAsync(string head, CancellationToken cancellationToken);

    // The scorecard rows of a region (Scorecards.Scope) for the days from firstDay to lastDay inclusive, in day
    // order, each with every counter it holds.
    Task<IReadOnlyList<(string Day, IReadOnlyDictionary<string, long> Counters)>> ScoreRowsAsync(
        string region, DateOnly firstDay, DateOnly lastDay, CancellationToken cancellationToken);
}

public static class TotalsStoreReads
{
    // Every key of the dimension under the region, with its figures, in key order.
    public static Task<IReadOnlyList<(string Key, Figures Figures)>> BreakdownAsync(this ITotalsStore store, string region, Dimension dimension, CancellationToken cancellationToken) =>
        store.UnderAsync(Scopes.Prefix(region, dimension)[..^1], cancellationToken);

    // Every key of the dimension under the region with its figures in one month (flows in it, balances at its
    // end); keys with nothing in or before that month are left out.
    public static async Task<IReadOnlyList<(string Key, Figures Figures)>> InMonthAsync(
        this ITotalsStore store, string region, Dimension dimension, string month, CancellationToken cancellationToken)
    {
        var rows = new List<(string, Figures)>();
        foreach (var (key, _) in await store.BreakdownAsync(region, dimension, cancellationToken))
        {
            var months = await store.UnderAsync(Scopes.Of(region, dimension, key), cancellationToken);
            var figures = Months.Over(months, month, month);
            if (figures != Figures.Zero)
            {
                rows.Add((key, figures));
            }
        }

        return rows;
    }
}
