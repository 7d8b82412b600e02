using FinanceMarket.Totals.Model;

namespace FinanceMarket.Totals.Infrastructure;

// The totals rebuilt in memory from the sources of truth, by the same rules and the same changes as the
// running stores, for reconciliation to compare with.
public sealed class MemoryTotalsStore : ITotalsStore
{
    private readonly HashSet<Guid> _seen = [];
    private readonly HashSet<string> _outcomes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _members = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, long>> _figures = new(StringComparer.Ordinal);

    public IEnumerable<string> ScopeKeys => _figures.Keys;

    public Task<bool> ApplyAsync(TotalsChange change, CancellationToken cancellationToken)
    {
        if (!_seen.Add(change.EventId))
        {
            return Task.FromResult(false);
        }

        if (change.Outcome is not null && !_outcomes.Add(change.Outcome))
        {
            return Task.FromResult(true);
        }

        foreach (var scope in change.Scopes)
        {
            Add(scope, change.Counters);
            foreach (var distinct in change.Distincts)
            {
                if (_members.Add($"{distinct.Set}:{scope}\n{distinct.Member}"))
                {
                    Add(scope, new Dictionary<string, long> { [distinct.Counter] = distinct.Amount });
                }
            }
        }

        return Task.FromResult(true);
    }

    public Task<Figures> GetAsync(string scope, CancellationToken cancellationToken) =>
        Task.FromResult(_figures.TryGetValue(scope, out var counters) ? Figures.From(counters) : Figures.Zero);

    public Task<IReadOnlyList<(string Key, Figures Figures)>> UnderAsync(string head, CancellationToken cancellationToken)
    {
        var prefix = head + "|";
        IReadOnlyList<(string, Figures)> rows = [.. _figures
            .Where(f => f.Key.StartsWith(prefix, StringComparison.Ordinal) && f.Key.IndexOf('|', prefix.Length) < 0)
            .OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => (f.Key[prefix.Length..], Figures.From(f.Value)))];
        return Task.FromResult(rows);
    }

    public Task<IReadOnlyList<(string Day, IReadOnlyDictionary<string, long> Counters)>> ScoreRowsAsync(
        string region, DateOnly firstDay, DateOnly lastDay, CancellationToken cancellationToken)
    {
        var prefix = Scorecards.Scope(region, string.Empty);
        var (first, last) = (Dates.Day(firstDay), Dates.Day(lastDay));
        IReadOnlyList<(string, IReadOnlyDictionary<string, long>)> rows = [.. _figures
            .Where(f => f.Key.StartsWith(prefix, StringComparison.Ordinal))
            .Select(f => (Day: f.Key[prefix.Length..], Counters: (IReadOnlyDictionary<string, long>)f.Value))
            .Where(r => string.CompareOrdinal(r.Day, first) >= 0 && string.CompareOrdinal(r.Day, last) <= 0)
            .OrderBy(r => r.Day, StringComparer.Ordinal)];
        return Task.FromResult(rows);
    }

    private void Add(string scope, IReadOnlyDictionary<string, long> counters)
    {
        if (!_figures.TryGetValue(scope, out var figures))
        {
            _figures[scope] = figures = new Dictionary<string, long>(StringComparer.Ordinal);
        }

        foreach (var (name, amount) in counters)
        {
            figures[name] = figures.GetValueOrDefault(name) + amount;
        }
    }
}
