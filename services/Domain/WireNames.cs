using System.Collections.Frozen;
using System.Text.Json;

namespace FinanceMarket.Domain;

// An enum marked [WireNames] is PascalCase in the code and SCREAMING_SNAKE_CASE outside the process: in
// events, stored documents, audit entries and the API's strings, where the protos spell it so ("TAX_BASED").
// The names are derived, never typed twice; a test checks them against the protos' own names.
[AttributeUsage(AttributeTargets.Enum)]
public sealed class WireNamesAttribute : Attribute;

public static class WireNames
{
    public static JsonNamingPolicy Policy => JsonNamingPolicy.SnakeCaseUpper;

    public static bool Apply(Type enumType) => enumType.IsDefined(typeof(WireNamesAttribute), inherit: false);

    // The value's name outside the process; an enum without [WireNames] keeps its own names.
    public static string Wire<T>(this T value) where T : struct, Enum => Names<T>.ToWire.TryGetValue(value, out var name)
        ? name
        : throw new ArgumentOutOfRangeException(nameof(value), value, $"not a {typeof(T).Name}");

    // Names only, exactly as written outside: "42" and "small" are not size classes.
    public static bool TryParse<T>(string? name, out T value) where T : struct, Enum =>
        Names<T>.FromWire.TryGetValue(name ?? string.Empty, out value);

    public static T Parse<T>(string? name) where T : struct, Enum =>
        TryParse<T>(name, out var value) ? value : throw new ArgumentException($"'{name}' is not a {typeof(T).Name}", nameof(name));

    private static class Names<T> where T : struct, Enum
    {
        public static readonly FrozenDictionary<T, string> ToWire = Enum.GetValues<T>()
            .ToFrozenDictionary(v => v, v => Apply(typeof(T)) ? Policy.ConvertName(v.ToString()) : v.ToString());

        public static readonly FrozenDictionary<string, T> FromWire = ToWire.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
    }
}
