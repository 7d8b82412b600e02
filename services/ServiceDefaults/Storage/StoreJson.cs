using System.Text.Json;
using System.Text.Json.Serialization;

namespace FinanceMarket.ServiceDefaults.Storage;

// How domain records are kept as documents (a JSON column in SQLite, a sub-document in MongoDB), so both
// adapters store the same shape.
public static class StoreJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)
        ?? throw new InvalidDataException($"A stored {typeof(T).Name} document is empty.");
}
