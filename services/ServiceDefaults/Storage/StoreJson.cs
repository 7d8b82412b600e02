using System.Text.Json;
using System.Text.Json.Serialization;
using FinanceMarket.Domain;

namespace FinanceMarket.ServiceDefaults.Storage;

// How domain records are kept as documents (a JSON column in SQLite, a sub-document in MongoDB), so both
// adapters store the same shape.
public static class StoreJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new WireEnumConverter() },
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)
        ?? throw new InvalidDataException($"A stored {typeof(T).Name} document is empty.");
}

// Enums as their names: an enum marked [WireNames] as its SCREAMING_SNAKE_CASE wire name, any other as its
// own (the reason codes, stored so since they were first kept).
internal sealed class WireEnumConverter : JsonConverterFactory
{
    private static readonly JsonStringEnumConverter Wire = new(WireNames.Policy, allowIntegerValues: false);
    private static readonly JsonStringEnumConverter Own = new();

    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter? CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (WireNames.Apply(typeToConvert) ? Wire : Own).CreateConverter(typeToConvert, options);
}
