namespace FinanceMarket.Domain;

// Enterprise size under 工信部联企业〔2011〕300号. Each industry group has thresholds for large, medium
// and small on one or two measures; a class holds when every threshold of it is met, else the firm
// drops to the next class, and micro is what is left. Amounts in the standard are 万元 (10,000 yuan).
public static class SizeClassifier
{
    private const long FenPerWan = 1_000_000;

    // Groups by GB/T 4754-2017 code prefix; the longest matching prefix wins. Industries the standard
    // does not list fall back to its own rule for "other industries": staff alone (300 / 100 / 10).
    private static readonly (string[] Prefixes, SizeRule Rule)[] Groups =
    [
        (["A"], SizeRule.Revenue("agriculture, forestry, animal husbandry and fishery", 20000, 500, 50)),
        (["B", "C", "D"], SizeRule.StaffRevenue("industry", (1000, 40000), (300, 2000), (20, 300))),
        (["E"], SizeRule.RevenueAssets("construction", (80000, 80000), (6000, 5000), (300, 300))),
        (["F51"], SizeRule.StaffRevenue("wholesale", (200, 40000), (20, 5000), (5, 1000))),
        (["F52"], SizeRule.StaffRevenue("retail", (300, 20000), (50, 500), (10, 100))),
        // Railways (G53) are outside the standard's transport group; loading and unloading (G591) is inside it.
        (["G54", "G55", "G56", "G57", "G58", "G591"], SizeRule.StaffRevenue("transport", (1000, 30000), (300, 3000), (20, 200))),
        (["G59"], SizeRule.StaffRevenue("warehousing", (200, 30000), (100, 1000), (20, 100))),
        (["G60"], SizeRule.StaffRevenue("postal services", (1000, 30000), (300, 2000), (20, 100))),
        (["H61"], SizeRule.StaffRevenue("accommodation", (300, 10000), (100, 2000), (10, 100))),
        (["H62"], SizeRule.StaffRevenue("catering", (300, 10000), (100, 2000), (10, 100))),
        (["I63", "I64"], SizeRule.StaffRevenue("information transmission", (2000, 100000), (100, 1000), (10, 100))),
        (["I65"], SizeRule.StaffRevenue("software and IT services", (300, 10000), (100, 1000), (10, 50))),
        (["K701"], SizeRule.RevenueAssets("real estate development", (200000, 10000), (1000, 5000), (100, 2000))),
        (["K702"], SizeRule.StaffRevenue("property management", (1000, 5000), (300, 1000), (100, 500))),
        (["L"], SizeRule.StaffAssets("leasing and business services", (300, 120000), (100, 8000), (10, 100))),
    ];

    public static readonly SizeRule Other = SizeRule.Staff("other industries", 300, 100, 10);

    public static SizeRule RuleFor(string industryCode)
    {
        var code = IndustryCode.Normalize(industryCode);
        var best = Other;
        var bestLength = 0;
        foreach (var (prefixes, rule) in Groups)
        {
            foreach (var prefix in prefixes)
            {
                if (prefix.Length > bestLength && code.StartsWith(prefix, StringComparison.Ordinal))
                {
                    best = rule;
                    bestLength = prefix.Length;
                }
            }
        }

        return best;
    }

    // A code that stops short of where the standard splits its groups ("F" holds wholesale and retail,
    // "K70" real estate development and property management) cannot be classified: null when it can.
    public static Problem? AmbiguityProblem(string industryCode)
    {
        var code = IndustryCode.Normalize(industryCode);
        var finer = Groups
            .SelectMany(g => g.Prefixes.Select(p => (Prefix: p, g.Rule.Group)))
            .Where(g => g.Prefix.Length > code.Length && g.Prefix.StartsWith(code, StringComparison.Ordinal))
            .ToList();
        return finer.Count == 0
            ? null
            : new(Reasons.IndustryAmbiguous,
                $"'{code}' spans industries the size standard treats differently ({string.Join(", ", finer.Select(g => g.Group).Distinct())}); "
                + $"give the finer code, e.g. {finer[0].Prefix}",
                ("code", code), ("example", finer[0].Prefix));
    }

    public static SizeClass Classify(string industryCode, int employees, long annualRevenueFen, long totalAssetsFen) =>
        RuleFor(industryCode).Classify(new Measures(employees, annualRevenueFen, totalAssetsFen));

    internal static long Wan(long wan) => wan * FenPerWan;
}

public readonly record struct Measures(long Employees, long RevenueFen, long AssetsFen);

// Thresholds for one class: every one that is set must be met (null: not a criterion of this group).
public sealed record Thresholds(long? Employees, long? RevenueFen, long? AssetsFen)
{
    public bool MetBy(Measures m) =>
        (Employees is not { } e || m.Employees >= e)
        && (RevenueFen is not { } r || m.RevenueFen >= r)
        && (AssetsFen is not { } a || m.AssetsFen >= a);
}

public sealed record SizeRule(string Group, Thresholds Large, Thresholds Medium, Thresholds Small)
{
    public SizeClass Classify(Measures m) =>
        Large.MetBy(m) ? SizeClass.Large
        : Medium.MetBy(m) ? SizeClass.Medium
        : Small.MetBy(m) ? SizeClass.Small
        : SizeClass.Micro;

    internal static SizeRule StaffRevenue(string group, (long Staff, long Wan) large, (long Staff, long Wan) medium, (long Staff, long Wan) small) =>
        new(group, new(large.Staff, SizeClassifier.Wan(large.Wan), null), new(medium.Staff, SizeClassifier.Wan(medium.Wan), null), new(small.Staff, SizeClassifier.Wan(small.Wan), null));

    internal static SizeRule StaffAssets(string group, (long Staff, long Wan) large, (long Staff, long Wan) medium, (long Staff, long Wan) small) =>
        new(group, new(large.Staff, null, SizeClassifier.Wan(large.Wan)), new(medium.Staff, null, SizeClassifier.Wan(medium.Wan)), new(small.Staff, null, SizeClassifier.Wan(small.Wan)));

    internal static SizeRule RevenueAssets(string group, (long Revenue, long Assets) large, (long Revenue, long Assets) medium, (long Revenue, long Assets) small) =>
        new(group, Both(large), Both(medium), Both(small));

    internal static SizeRule Revenue(string group, long large, long medium, long small) =>
        new(group, new(null, SizeClassifier.Wan(large), null), new(null, SizeClassifier.Wan(medium), null), new(null, SizeClassifier.Wan(small), null));

    internal static SizeRule Staff(string group, long large, long medium, long small) =>
        new(group, new(large, null, null), new(medium, null, null), new(small, null, null));

    private static Thresholds Both((long Revenue, long Assets) wan) => new(null, SizeClassifier.Wan(wan.Revenue), SizeClassifier.Wan(wan.Assets));
}
