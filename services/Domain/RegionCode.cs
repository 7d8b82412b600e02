namespace FinanceMarket.Domain;

// GB/T 2260: six digits (130903 Yunhe); its 2- and 4-digit prefixes name the province (13) and the
// prefecture (1309), and cover every region under them.
public static class RegionCode
{
    // The 34 province-level codes of GB/T 2260 (with Taiwan, Hong Kong and Macao). A code under any other
    // two digits (000000, 990101) names no region; the digits below the province are checked for form only,
    // since the full table of about 3,000 counties changes every year.
    private static readonly HashSet<string> Provinces =
    [
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42",
        "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82",
    ];

    public static bool IsRegion(string? code) => code is { Length: 6 } && IsDigits(code) && Provinces.Contains(code[..2]);

    public static bool IsPrefix(string? code) => code is { Length: 2 or 4 or 6 } && IsDigits(code) && Provinces.Contains(code[..2]);

    // The region a registration authority's code stands for: 130903 (Yunhe's bureau) → 130903, 130900 (the
    // prefecture's) → 1309, 130000 (the province's) → 13. Registrations it issued lie within it.
    // A national authority's code (100000) stands for every region: "".
    public static string Significant(string authority) =>
        authority == UnifiedSocialCreditCode.NationalAuthority ? string.Empty
        : authority.EndsWith("0000", StringComparison.Ordinal) ? authority[..2]
        : authority.EndsWith("00", StringComparison.Ordinal) ? authority[..4]
        : authority;

    public static bool Covers(string prefix, string regionCode) => regionCode.StartsWith(prefix, StringComparison.Ordinal);

    // 130903 → 13, 1309, 130903: where a figure for this region is also counted.
    // The code and every prefix above it: 130903 → 13, 1309, 130903; a prefix gives its own levels only.
    public static IEnumerable<string> Hierarchy(string regionCode)
    {
        for (var length = 2; length <= regionCode.Length; length += 2)
        {
            yield return regionCode[..length];
        }
    }

    public static Problem? RegionProblem(string? code) =>
        IsRegion(code) ? null : new(Reasons.RegionCode, "must be a six-digit GB/T 2260 region code (\"130903\")", ("got", Problem.Shown(code)));

    public static Problem? PrefixProblem(string? code) =>
        IsPrefix(code) ? null : new(Reasons.RegionPrefix, "must be a GB/T 2260 region code or its 2- or 4-digit prefix", ("got", Problem.Shown(code)));



    private static bool IsDigits(string code) => code.All(char.IsAsciiDigit);
}
