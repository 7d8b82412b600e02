namespace FinanceMarket.Totals.Model;

// What one event does to the totals: counters to add in every scope it touches, and members of distinct
// sets (an enterprise served, a loan's principal subsidised, a firm's first loan) whose first arrival adds to
// a counter. The store applies all of it, or nothing if the event id was seen before.
public sealed record TotalsChange(
    Guid EventId,
    IReadOnlyList<string> Scopes,
    IReadOnlyDictionary<string, long> Counters,
    IReadOnlyList<Distinct> Distincts,
    string? Outcome);

// Adds Amount to Counter the first time Member is seen in a scope.
public sealed record Distinct(string Set, string Member, string Counter, long Amount);
