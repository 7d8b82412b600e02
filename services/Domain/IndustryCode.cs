using System.Globalization;

namespace FinanceMarket.Domain;

// GB/T 4754-2017: a section letter A-T, optionally the two-digit division, optionally the group and
// class digits ("C", "C36", "K702"). A shorter code covers every longer one that starts with it.
public static class IndustryCode
{
    // The divisions each section holds.
    private static readonly Dictionary<char, (int From, int To)> Divisions = new()
    {
        ['A'] = (1, 5), ['B'] = (6, 12), ['C'] = (13, 43), ['D'] = (44, 46), ['E'] = (47, 50),
        ['F'] = (51, 52), ['G'] = (53, 60), ['H'] = (61, 62), ['I'] = (63, 65), ['J'] = (66, 69),
        ['K'] = (70, 70), ['L'] = (71, 72), ['M'] = (73, 75), ['N'] = (76, 79), ['O'] = (80, 82),
        ['P'] = (83, 83), ['Q'] = (84, 85), ['R'] = (86, 90), ['S'] = (91, 96), ['T'] = (97, 97),
    };

    public static string SectionName(char section) => IndustryNames.Of(section.ToString())?.Name ?? section.ToString();

    // The name of the code's division, else its section, as the standard gives it; empty when it names neither.
    public static string Name(string? code) => IndustryNames.Of(code)?.Name ?? string.Empty;

    public static string Normalize(string? code) => (code ?? string.Empty).Trim().ToUpperInvariant();

    // Null when valid, else why not.
    public static Problem? Problem(string? raw)
    {
        var code = Normalize(raw);
        if (code.Length is 0 or 2 or > 5)
        {
            return new(Reasons.IndustryCodeFormat,
                "must be a GB/T 4754-2017 section letter, optionally followed by the two-digit division and up to two more digits (\"C\", \"C36\", \"K702\")",
                ("got", Domain.Problem.Shown(code)));
        }

        if (!Divisions.TryGetValue(code[0], out var range))
        {
            return new(Reasons.IndustrySection, $"'{code[0]}' is not a GB/T 4754-2017 section (A-T)", ("section", code[0].ToString()));
        }

        if (code.Length == 1)
        {
            return null;
        }

        if (code.AsSpan(1).ContainsAnyExceptInRange('0', '9'))
        {
            return new(Reasons.IndustryCodeFormat, "must have only digits after the section letter", ("got", code));
        }

        var division = int.Parse(code.AsSpan(1, 2), CultureInfo.InvariantCulture);
        return division < range.From || division > range.To
            ? new(Reasons.IndustryDivision, $"division {division:00} is not in section {code[0]} ({range.From:00}-{range.To:00})",
                ("section", code[0].ToString()), ("division", code.Substring(1, 2)),
                ("from", range.From.ToString("00", CultureInfo.InvariantCulture)), ("to", range.To.ToString("00", CultureInfo.InvariantCulture)))
            : null;
    }

    public static bool Covers(string rule, string industryCode) => industryCode.StartsWith(rule, StringComparison.Ordinal);

    public static char Section(string industryCode) => industryCode[0];
}
