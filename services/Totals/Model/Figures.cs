namespace FinanceMarket.Totals.Model;

// The figures officials read, for one scope (a region, or a region and a bank, industry, district or month).
public sealed record Figures(
    long MatchedDeals,
    long CreditGrantedFen,
    long EnterprisesServed,
    long Applications,
    long Rejected,
    long SubsidyClaimsPaid,
    long SubsidyPaidFen,
    long SubsidisedPrincipalFen)
{
    public static readonly Figures Zero = new(0, 0, 0, 0, 0, 0, 0, 0);

    // The stored names of the counters, in one place for both stores.
    public static readonly IReadOnlyList<string> Names =
    [
        "matchedDeals", "creditGrantedFen", "enterprisesServed", "applications", "rejected", "subsidyClaimsPaid", "subsidyPaidFen", "subsidisedPrincipalFen",
    ];

    public static Figures From(IReadOnlyDictionary<string, long> counters) => new(
        Get(counters, "matchedDeals"), Get(counters, "creditGrantedFen"), Get(counters, "enterprisesServed"), Get(counters, "applications"),
        Get(counters, "rejected"), Get(counters, "subsidyClaimsPaid"), Get(counters, "subsidyPaidFen"), Get(counters, "subsidisedPrincipalFen"));

    public IReadOnlyDictionary<string, long> ToCounters() => new Dictionary<string, long>(StringComparer.Ordinal)
    {
        ["matchedDeals"] = MatchedDeals,
        ["creditGrantedFen"] = CreditGrantedFen,
        ["enterprisesServed"] = EnterprisesServed,
        ["applications"] = Applications,
        ["rejected"] = Rejected,
        ["subsidyClaimsPaid"] = SubsidyClaimsPaid,
        ["subsidyPaidFen"] = SubsidyPaidFen,
        ["subsidisedPrincipalFen"] = SubsidisedPrincipalFen,
    };

    private static long Get(IReadOnlyDictionary<string, long> counters, string name) => counters.TryGetValue(name, out var value) ? value : 0;
}

// The dimensions of a breakdown; a scope key is "{region}" or "{region}|{dimension}|{key}".
[WireNames]
public enum Dimension
{
    Bank = 1,
    Region = 2,
    Industry = 3,
    Month = 4,
}

public static class Scopes
{
    public static string Of(string region) => region;

    public static string Of(string region, Dimension dimension, string key) => $"{region}|{dimension.Wire()}|{key}";

    public static string Prefix(string region, Dimension dimension) => $"{region}|{dimension.Wire()}|";
}
