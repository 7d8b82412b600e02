namespace FinanceMarket.Replay;

// The ground truth: what the replay sent, counted by the rules docs/api.md gives the totals (a deal in
// its contract month, a rejection in the month it was decided, a payment in the month it was paid, each
// enterprise served once, each loan's principal once per programme), for the district and by bank and month.
public sealed class Ledger
{
    public static readonly IReadOnlyList<string> Figures =
    [
        "matchedDeals", "creditGrantedFen", "enterprisesServed", "applications", "rejected", "subsidyClaimsPaid", "subsidyPaidFen", "subsidisedPrincipalFen",
    ];

    public const string District = "district";

    // The banks' scorecards over the year: "CARD:{bankId}" with these figures, and "CARD" with the broadcasts
    // nobody took in time.
    public static readonly IReadOnlyList<string> CardFigures =
    [
        "needsTaken", "applicationsReceived", "contacted", "approved", "rejected", "expired", "overdueSteps", "referredOnward",
    ];

    public const string Cards = "CARD";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Dictionary<string, long>> _scopes = new(StringComparer.Ordinal);
    private readonly HashSet<string> _distinct = new(StringComparer.Ordinal);

    public void Submitted(string bankId, DateOnly on)
    {
        Count(bankId, on, "applications", 1);
        Card(bankId, "applicationsReceived");
    }

    // A bank's scorecard figure, or (bankId null) the region's untaken broadcasts.
    public void Card(string? bankId, string figure, long amount = 1)
    {
        lock (_gate)
        {
            if (bankId is null)
            {
                Add(Cards, "untakenBroadcasts", amount, ["untakenBroadcasts"]);
            }
            else
            {
                Add(Cards + ":" + bankId, figure, amount, CardFigures);
            }
        }
    }

    public void Approved(string bankId, DateOnly contractDate, string uscc, long amountFen)
    {
        Card(bankId, "approved");
        Count(bankId, contractDate, "matchedDeals", 1);
        Count(bankId, contractDate, "creditGrantedFen", amountFen);
        CountOnce(bankId, contractDate, "served|" + uscc, "enterprisesServed", 1);
    }

    public void Rejected(string bankId, DateOnly on)
    {
        Count(bankId, on, "rejected", 1);
        Card(bankId, "rejected");
    }

    public void Paid(string bankId, DateOnly on, long amountFen, string programId, string applicationId, long principalFen)
    {
        Count(bankId, on, "subsidyClaimsPaid", 1);
        Count(bankId, on, "subsidyPaidFen", amountFen);
        CountOnce(bankId, on, "principal|" + programId + "|" + applicationId, "subsidisedPrincipalFen", principalFen);
    }

    // Scope names: "district", "BANK:{bankId}", "MONTH:{yyyy-MM}".
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> Snapshot()
    {
        lock (_gate)
        {
            return _scopes.ToDictionary(s => s.Key, s => (IReadOnlyDictionary<string, long>)new Dictionary<string, long>(s.Value), StringComparer.Ordinal);
        }
    }

    public static string Month(DateOnly day) => day.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

    private void Count(string bankId, DateOnly on, string figure, long amount)
    {
        lock (_gate)
        {
            foreach (var scope in ScopesOf(bankId, on))
            {
                Add(scope, figure, amount);
            }
        }
    }

    // Distinct per scope: an enterprise served by two banks counts once in the district and once for each bank.
    private void CountOnce(string bankId, DateOnly on, string member, string figure, long amount)
    {
        lock (_gate)
        {
            foreach (var scope in ScopesOf(bankId, on))
            {
                if (_distinct.Add(scope + "|" + member))
                {
                    Add(scope, figure, amount);
                }
            }
        }
    }

    private void Add(string scope, string figure, long amount, IReadOnlyList<string>? names = null)
    {
        if (!_scopes.TryGetValue(scope, out var figures))
        {
            _scopes[scope] = figures = (names ?? Figures).ToDictionary(f => f, _ => 0L, StringComparer.Ordinal);
        }

        figures[figure] += amount;
    }

    private static string[] ScopesOf(string bankId, DateOnly on) => [District, "BANK:" + bankId, "MONTH:" + Month(on)];
}
