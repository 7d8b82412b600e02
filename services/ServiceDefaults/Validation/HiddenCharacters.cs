using System.Globalization;

namespace FinanceMarket.ServiceDefaults.Validation;

// Characters that change how text is shown without being seen: the bidirectional overrides and isolates
// (U+202A-U+202E, U+2066-U+2069) that can make "cba" display as "abc", zero-width spaces and joiners
// (U+200B-U+200D, U+2060, U+FEFF) that make two names look identical, and every other Unicode format
// character (category Cf). No name, reason or identifier of this platform needs one.
public static class HiddenCharacters
{
    // The first hidden character's position, or -1.
    public static int IndexIn(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.GetUnicodeCategory(value[i]) == UnicodeCategory.Format)
            {
                return i;
            }
        }

        return -1;
    }

    public static Domain.Problem Describe(string value, int index)
    {
        var codePoint = string.Create(CultureInfo.InvariantCulture, $"U+{(int)value[index]:X4}");
        return new(Domain.Reasons.HiddenCharacter, $"must not contain invisible formatting characters ({codePoint} at position {index})",
            // Counted from 1 in the values, as a person counts characters (and as the credit code's reasons do).
            ("codePoint", codePoint), ("position", index + 1));
    }
}
