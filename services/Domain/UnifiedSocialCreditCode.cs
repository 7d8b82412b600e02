namespace FinanceMarket.Domain;

public enum UsccProblem
{
    None,
    Length,
    Alphabet,
    Structure,
    CheckCharacter,
}

public sealed record UsccCheck(string Code, UsccProblem Problem, string Message, char? ExpectedCheckCharacter = null)
{
    public bool IsValid => Problem == UsccProblem.None;

    // The 1-based position and the character an Alphabet or Structure problem is about; both null for the
    // other problems and for characters 3-8 that are digits but name no region.
    public int? Position { get; init; }

    public char? Character { get; init; }

    // The field violation every service reports for this code: null when valid, else the reason
    // (USCC_LENGTH, USCC_CHARACTER, USCC_STRUCTURE, USCC_REGION, USCC_CHECK_CHARACTER) with its values and Message.
    public Problem? ToProblem() => Problem switch
    {
        UsccProblem.None => null,
        UsccProblem.Length => new(Reasons.UsccLength, Message, ("length", UnifiedSocialCreditCode.Length), ("got", Code.Length)),
        UsccProblem.Alphabet => new(Reasons.UsccCharacter, Message, ("position", Position), ("character", Character?.ToString())),
        UsccProblem.Structure when Position is null =>
            new(Reasons.UsccRegion, Message, ("region", UnifiedSocialCreditCode.RegionOf(Code))),
        UsccProblem.Structure => new(Reasons.UsccStructure, Message, ("position", Position), ("character", Character?.ToString())),
        _ => new(Reasons.UsccCheckCharacter, Message, ("expected", ExpectedCheckCharacter?.ToString()), ("got", Code[^1].ToString())),
    };
}

// 统一社会信用代码, GB 32100-2015: authority, entity type, six-digit region, nine-character
// organisation code, and a check character over the first 17 (weights 3^(i-1) mod 31).
public static class UnifiedSocialCreditCode
{
    public const int Length = 18;
    public const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

    // Registration authorities and the entity types each issues (GB 32100-2015, appendix A): 1 staffing
    // offices, 2 foreign affairs, 3 justice, 4 culture, 5 civil affairs, 6 tourism, 7 religion, 8 trade
    // unions, 9 market regulation (1 enterprise, 2 individual business, 3 farmers' cooperative), A the
    // military staffing office, N agriculture, Y others.
    private static readonly Dictionary<char, string> EntityTypes = new()
    {
        ['1'] = "1239",
        ['2'] = "19",
        ['3'] = "123459",
        ['4'] = "19",
        ['5'] = "1239",
        ['6'] = "129",
        ['7'] = "129",
        ['8'] = "19",
        ['9'] = "123",
        ['A'] = "19",
        ['N'] = "1239",
        ['Y'] = "1",
    };

    // Upper-case, surrounding spaces removed: the form stored and compared.
    public static string Normalize(string? code) => (code ?? string.Empty).Trim().ToUpperInvariant();

    public static UsccCheck Check(string? raw)
    {
        var code = Normalize(raw);
        if (code.Length != Length)
        {
            return new(code, UsccProblem.Length, $"must be {Length} characters; got {code.Length}");
        }

        for (var i = 0; i < Length; i++)
        {
            if (Alphabet.IndexOf(code[i], StringComparison.Ordinal) < 0)
            {
                return new(code, UsccProblem.Alphabet, $"character {i + 1} '{code[i]}' is not in the code alphabet (digits and letters except I, O, S, V, Z)")
                {
                    Position = i + 1,
                    Character = code[i],
                };
            }
        }

        var structure = StructureProblem(code);
        if (structure is { } found)
        {
            return new(code, UsccProblem.Structure, found.Message) { Position = found.Position, Character = found.Character };
        }

        var expected = CheckCharacter(code.AsSpan(0, Length - 1));
        return code[Length - 1] == expected
            ? new(code, UsccProblem.None, "valid")
            : new(code, UsccProblem.CheckCharacter, $"check character is '{code[Length - 1]}' but the first 17 characters give '{expected}'", expected);
    }

    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != Length - 1)
        {
            throw new ArgumentException("The check covers exactly 17 characters.", nameof(first17));
        }

        var sum = 0;
        for (var i = 0; i < first17.Length; i++)
        {
            var value = Alphabet.IndexOf(first17[i], StringComparison.Ordinal);
            if (value < 0)
            {
                throw new ArgumentException($"'{first17[i]}' is not in the code alphabet.", nameof(first17));
            }

            sum += value * Weights[i];
        }

        return Alphabet[(31 - sum % 31) % 31];
    }

    // Characters 3-8 of a code issued by a national registration authority, which places it in no region.
    public const string NationalAuthority = "100000";

    // The region a code was registered in (characters 3-8).
    public static string RegionOf(string code) => code.Substring(2, 6);

    // The message, and the 1-based position and character it is about (null when characters 3-8 name no region).
    private static (string Message, int? Position, char? Character)? StructureProblem(string code)
    {
        var authority = code[0];
        if (!EntityTypes.TryGetValue(authority, out var allowed))
        {
            return ($"character 1 '{authority}' is not a registration authority code ({string.Join(", ", EntityTypes.Keys)})", 1, authority);
        }

        var type = code[1];
        if (!allowed.Contains(type, StringComparison.Ordinal))
        {
            return ($"character 2 '{type}' is not an entity type of authority '{authority}' ({string.Join(", ", allowed.ToCharArray())})", 2, type);
        }

        for (var i = 2; i < 8; i++)
        {
            if (!char.IsAsciiDigit(code[i]))
            {
                return ($"characters 3-8 must be a six-digit region code; character {i + 1} is '{code[i]}'", i + 1, code[i]);
            }
        }

        var region = RegionOf(code);
        if (region != NationalAuthority && !RegionCode.IsRegion(region))
        {
            return ($"characters 3-8 '{region}' name no region (GB/T 2260)", null, null);
        }

        return null;
    }
}
