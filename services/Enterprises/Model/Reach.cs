namespace FinanceMarket.Enterprises.Model;

// What a product's rules ask of an enterprise, as the store can test it: empty lists admit everyone.
public sealed record EnterpriseCriteria(
    IReadOnlyList<SizeClass> SizeClasses,
    IReadOnlyList<string> IndustryPrefixes,
    IReadOnlyList<string> RegionPrefixes,
    DateOnly? EstablishedOnOrBefore,
    IReadOnlyList<TaxCreditRating> TaxCreditRatings);

// One group of the count: the store answers the full cross product, the service folds it into breakdowns.
public sealed record ReachCell(string RegionCode, string IndustrySection, SizeClass SizeClass, long Count);

public static class Reach
{
    // Fewer than this in a group and the group is not named; fewer than this in a count and it is not given.
    public const long SmallestNamedGroup = 5;

    // A count as it may be told: under SmallestNamedGroup, only that it is.
    public static (long Count, bool FewerThanFive) Told(long count) => count < SmallestNamedGroup ? (0, count > 0) : (count, false);

    // The latest founding day that gives `years` full years in operation today (YearsInOperation.On): a
    // year back, or the 29th of February that a 28th of February a leap year back stands for.
    public static DateOnly? FoundedBy(int years, DateOnly today)
    {
        if (years <= 0)
        {
            return null;
        }

        var founded = today.AddYears(-years);
        var next = founded.AddDays(1);
        return YearsInOperation.On(next, today) >= years ? next : founded;
    }

    // Each breakdown summed from the cells, with the groups under SmallestNamedGroup together under "".
    public static (long Total, IReadOnlyList<(string Key, long Count)> ByRegion, IReadOnlyList<(string Key, long Count)> BySection, IReadOnlyList<(string Key, long Count)> BySize) Fold(
        IReadOnlyList<ReachCell> cells) =>
        (cells.Sum(c => c.Count), Breakdown(cells, c => c.RegionCode), Breakdown(cells, c => c.IndustrySection), Breakdown(cells, c => c.SizeClass.Wire()));

    private static List<(string Key, long Count)> Breakdown(IReadOnlyList<ReachCell> cells, Func<ReachCell, string> key)
    {
        var groups = cells.GroupBy(key, StringComparer.Ordinal).Select(g => (Key: g.Key, Count: g.Sum(c => c.Count))).ToList();
        var small = groups.Where(g => g.Count < SmallestNamedGroup).Sum(g => g.Count);
        var named = groups.Where(g => g.Count >= SmallestNamedGroup).OrderByDescending(g => g.Count).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
        if (small > 0)
        {
            named.Add((string.Empty, small));
        }

        return named;
    }
}
