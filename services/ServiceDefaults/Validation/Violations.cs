using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Google.Rpc;
using Grpc.Core;

namespace FinanceMarket.ServiceDefaults.Validation;

// Collects every bad field of a request, then fails once with INVALID_ARGUMENT naming them all
// (google.rpc.BadRequest), so a client fixes its request in one round trip and nothing is stored.
public sealed class Violations
{
    public const int MaxNameLength = 200;

    private readonly List<BadRequest.Types.FieldViolation> _items = [];

    public bool Any => _items.Count > 0;

    public IReadOnlyList<BadRequest.Types.FieldViolation> Items => _items;

    // Enough to fix a request by; more would only make an error too large for gRPC's headers.
    public const int MaxReported = 20;

    public Violations Add(string field, string description)
    {
        if (_items.Count == MaxReported)
        {
            _items.Add(new BadRequest.Types.FieldViolation { Field = "(more)", Description = "further violations not reported" });
        }

        if (_items.Count > MaxReported)
        {
            return this;
        }

        _items.Add(new BadRequest.Types.FieldViolation { Field = field, Description = description });
        return this;
    }

    public Violations Require(bool condition, string field, string description) => condition ? this : Add(field, description);

    public Violations Text(string field, string? value, int maxLength = MaxNameLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Add(field, "is required");
        }

        if (value.Length > maxLength)
        {
            return Add(field, $"must be at most {maxLength} characters");
        }

        if (value.Any(char.IsControl))
        {
            return Add(field, "must not contain control characters");
        }

        var hidden = HiddenCharacters.IndexIn(value);
        return hidden >= 0 ? Add(field, HiddenCharacters.Describe(value, hidden)) : this;
    }

    public Violations Range(string field, long value, long min, long max) =>
        value < min || value > max
            ? Add(field, string.Create(CultureInfo.InvariantCulture, $"must be between {min} and {max}; got {value}"))
            : this;

    public Violations Defined<TEnum>(string field, TEnum value) where TEnum : struct, System.Enum =>
        Convert.ToInt32(value, CultureInfo.InvariantCulture) == 0 || !System.Enum.IsDefined(value)
            ? Add(field, $"must be one of {string.Join(", ", System.Enum.GetNames<TEnum>().Skip(1).Select(ToWireName))}")
            : this;

    // A list of codes (industry, region): each normalized and checked, repeats dropped, at most MaxListEntries.
    public List<string> Codes(string field, IReadOnlyList<string> codes, Func<string, string> normalize, Func<string, string?> problem)
    {
        if (codes.Count > Domain.Limits.MaxListEntries)
        {
            Add(field, $"must have at most {Domain.Limits.MaxListEntries} entries");
            return [];
        }

        var result = new List<string>();
        for (var i = 0; i < codes.Count; i++)
        {
            var code = normalize(codes[i] ?? string.Empty);
            if (problem(code) is { } why)
            {
                Add($"{field}[{i}]", why);
            }
            else if (!result.Contains(code))
            {
                result.Add(code);
            }
        }

        return result;
    }

    // A list of enum values from the wire, still numbers (the proto's and the domain's are equal, which
    // ProtoEnumTests checks): each defined, none twice.
    public List<TEnum> Enums<TEnum>(string field, IReadOnlyList<int> values) where TEnum : struct, System.Enum
    {
        var names = System.Enum.GetNames<TEnum>();
        if (values.Count > names.Length)
        {
            Add(field, $"must have at most {names.Length} entries");
            return [];
        }

        var result = new List<TEnum>();
        for (var i = 0; i < values.Count; i++)
        {
            var value = (TEnum)(object)values[i];
            if (System.Enum.IsDefined(value))
            {
                result.Add(value);
            }
            else
            {
                Add($"{field}[{i}]", "must be one of " + string.Join(", ", System.Enum.GetValues<TEnum>().Select(v => Domain.WireNames.Wire(v))));
            }
        }

        Require(values.Count == values.Distinct().Count(), field, "must not repeat an entry");
        return result;
    }

    // No date of this platform's records lies outside these (the oldest firms' establishment, the longest
    // loans' ends); a date such as 0001-01-01 or 9999-12-31 is a mistake, and date arithmetic on it overflows.
    public static readonly DateOnly EarliestDate = new(1900, 1, 1);
    public static readonly DateOnly LatestDate = new(2100, 12, 31);

    public DateOnly? Date(string field, string? value, bool required = true)
    {
        if (string.IsNullOrEmpty(value))
        {
            if (required)
            {
                Add(field, "is required (YYYY-MM-DD)");
            }

            return null;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            if (date < EarliestDate || date > LatestDate)
            {
                Add(field, string.Create(CultureInfo.InvariantCulture, $"must lie between {EarliestDate:yyyy-MM-dd} and {LatestDate:yyyy-MM-dd}; got '{value}'"));
                return null;
            }

            return date;
        }

        Add(field, $"must be a date YYYY-MM-DD; got '{Truncate(value)}'");
        return null;
    }

    public void ThrowIfAny()
    {
        if (Any)
        {
            Throw();
        }
    }

    // A rule violation in the domain's terms: the services' interceptor makes it INVALID_ARGUMENT with
    // google.rpc.BadRequest naming every field.
    [DoesNotReturn]
    public void Throw() =>
        throw new Domain.RuleViolationException([.. _items.Select(v => new Domain.FieldProblem(v.Field, v.Description))]);

    [DoesNotReturn]
    public static void Fail(string field, string description) => new Violations().Add(field, description).Throw();

    // The generated C# names drop the enum prefix and change case ("TaxBased"); clients send the proto names.
    private static string ToWireName(string csharpName) => Domain.WireNames.Policy.ConvertName(csharpName);

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
