using System.Collections.Frozen;

namespace FinanceMarket.ServiceDefaults.Validation;

// The one mapping between a proto enum and its domain twin, by name: protoc writes SIZE_CLASS_SMALL-style
// values as C# members (Small) with the same names the domain uses, so a value never crosses by its number.
// The proto's 0 (Unspecified) has no twin. ProtoEnumTests checks every pair both ways.
public static class ProtoEnums
{
    public static TDomain ToDomain<TDomain>(Enum proto) where TDomain : struct, Enum =>
        TryToDomain<TDomain>(proto, out var value)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(proto), proto, $"has no {typeof(TDomain).Name}");

    public static bool TryToDomain<TDomain>(Enum proto, out TDomain value) where TDomain : struct, Enum =>
        Names<TDomain>.ByName.TryGetValue(proto.ToString(), out value);

    public static TProto ToProto<TProto>(Enum domain) where TProto : struct, Enum =>
        Names<TProto>.ByName.TryGetValue(domain.ToString(), out var value)
            ? value
            : throw new ArgumentOutOfRangeException(nameof(domain), domain, $"has no {typeof(TProto).Name}");

    private static class Names<T> where T : struct, Enum
    {
        public static readonly FrozenDictionary<string, T> ByName = Enum.GetValues<T>().ToFrozenDictionary(v => v.ToString(), v => v, StringComparer.Ordinal);
    }
}
