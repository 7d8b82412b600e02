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

    private readonly List<Domain.FieldProblem> _items = [];

    public bool Any => _items.Count > 0;

    public IReadOnlyList<Domain.FieldProblem> Items => _items;

    // Enough to fix a request by; more would only make an error too large for gRPC's headers.
    public const int MaxReported = 20;

    private static readonly IReadOnlyDictionary<string, string> NoValues = new Dictionary<string, string>();

    // reason: one of Reasons; values: what the reason is about, as Reasons lists them for it.
    public Violations Add(string field, string reason, string description, params ReadOnlySpan<(string Name, object? Value)> values)
    {
        if (_items.Count == MaxReported)
        {
            _items.Add(new Domain.FieldProblem("(more)", "further violations not reported", Domain.Reasons.MoreNotReported, NoValues));
        }

        if (_items.Count > MaxReported)
        {
            return this;
        }

        var named = new Dictionary<string, string>(values.Length, StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            if (value is not null)
            {
                named[name] = Format(value);
            }
        }

        _items.Add(new Domain.FieldProblem(field, description, reason, named));
        return this;
    }

    public Violations Add(string field, Domain.Problem problem) => Add(field, problem.Reason, problem.Description, problem.Values);

    public Violations Require(bool condition, string field, string reason, string description, params ReadOnlySpan<(string Name, object? Value)> values) =>
        condition ? this : Add(field, reason, description, values);

    private static string Format(object value) => value switch
    {
        string text => text,
        DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        System.Collections.IEnumerable list => string.Join(",", list.Cast<object>().Select(Format)),
        _ => value.ToString() ?? string.Empty,
    };

    public Violations Text(string field, string? value, int maxLength = MaxNameLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Add(field, Domain.Reasons.Required, "is required");
        }

        if (value.Length > maxLength)
        {
            return Add(field, Domain.Reasons.TooLong, $"must be at most {maxLength} characters", ("max", maxLength));
        }

        if (value.Any(char.IsControl))
        {
            return Add(field, Domain.Reasons.ControlCharacters, "must not contain control characters");
        }

        var hidden = HiddenCharacters.IndexIn(value);
        return hidden >= 0 ? Add(field, HiddenCharacters.Describe(value, hidden)) : this;
    }

    public Violations Range(string field, long value, long min, long max) =>
        value < min || value > max
            ? Add(field, Domain.Reasons.OutOfRange, string.Create(CultureInfo.InvariantCulture, $"must be between {min} and {max}; got {value}"), ("min", min), ("max", max), ("got", value))
            : this;

    public Violations Defined<TEnum>(string field, TEnum value) where TEnum : struct, System.Enum =>
        Convert.ToInt32(value, CultureInfo.InvariantCulture) == 0 || !System.Enum.IsDefined(value)
            ? NotOneOf(field, System.Enum.GetValues<TEnum>().Where(v => Convert.ToInt32(v, CultureInfo.InvariantCulture) != 0).Select(v => ToWireName(v.ToString())))
            : this;

    // A list of codes (industry, region): each normalized and checked, repeats dropped, at most MaxListEntries.
    public List<string> Codes(string field, IReadOnlyList<string> codes, Func<string, string> normalize, Func<string, Domain.Problem?> problem)
    {
        if (codes.Count > Domain.Limits.MaxListEntries)
        {
            TooMany(field, Domain.Limits.MaxListEntries);
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
            TooMany(field, names.Length);
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
                NotOneOf($"{field}[{i}]", System.Enum.GetValues<TEnum>().Select(v => Domain.WireNames.Wire(v)), values[i]);
            }
        }

        Require(values.Count == values.Distinct().Count(), field, Domain.Reasons.RepeatedEntry, "must not repeat an entry");
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
                Add(field, Domain.Reasons.Required, "is required (YYYY-MM-DD)");
            }

            return null;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            if (date < EarliestDate || date > LatestDate)
            {
                DateOutside(field, EarliestDate, LatestDate, value);
                return null;
            }

            return date;
        }

        Add(field, Domain.Reasons.NotADate, $"must be a date YYYY-MM-DD; got '{Truncate(value)}'", ("got", Truncate(value)));
        return null;
    }

    public Violations DateOutside(string field, DateOnly min, DateOnly max, object? got = null) =>
        Add(field, Domain.Reasons.DateOutOfRange,
            string.Create(CultureInfo.InvariantCulture, $"must lie between {min:yyyy-MM-dd} and {max:yyyy-MM-dd}") + (got is null ? string.Empty : $"; got '{got}'"),
            ("min", min), ("max", max), ("got", got));

    public Violations NotOneOf(string field, IEnumerable<string> allowed, object? got = null)
    {
        var names = allowed.ToList();
        return Add(field, Domain.Reasons.NotOneOf, $"must be one of {string.Join(", ", names)}" + (got is null ? string.Empty : $"; got '{got}'"),
            ("allowed", names), ("got", got));
    }

    public Violations TooMany(string field, int max) =>
        Add(field, Domain.Reasons.TooManyEntries, $"must have at most {max} entries", ("max", max));

    public Violations NotAnId(string field, string kind) =>
        Add(field, Domain.Reasons.NotAnId, $"is not a{("aeiou".Contains(kind[0], StringComparison.Ordinal) ? "n" : string.Empty)} {kind} id", ("kind", kind));

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
        throw new Domain.RuleViolationException([.. _items]);

    [DoesNotReturn]
    public static void Fail(string field, string reason, string description, params ReadOnlySpan<(string Name, object? Value)> values) =>
        new Violations().Add(field, reason, description, values).Throw();

    [DoesNotReturn]
    public static void Fail(string field, Domain.Problem problem) => new Violations().Add(field, problem).Throw();

    // The generated C# names drop the enum prefix and change case ("TaxBased"); clients send the proto names.
    private static string ToWireName(string csharpName) => Domain.WireNames.Policy.ConvertName(csharpName);

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
