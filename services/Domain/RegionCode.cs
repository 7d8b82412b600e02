namespace FinanceMarket.Domain;

// GB/T 2260: six digits (130903 Yunhe); its 2- and 4-digit prefixes name the province (13) and the
// prefecture (1309), and cover every region under them.
public static class RegionCode
{
    public static bool IsRegion(string? code) => code is { Length: 6 } && IsDigits(code) && code[0] != '0';

    public static bool IsPrefix(string? code) => code is { Length: 2 or 4 or 6 } && IsDigits(code) && code[0] != '0';

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

    private static bool IsDigits(string code) => code.All(char.IsAsciiDigit);
}
