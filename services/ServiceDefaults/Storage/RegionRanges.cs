using MongoDB.Bson;
using MongoDB.Driver;

namespace FinanceMarket.ServiceDefaults.Storage;

// A region prefix ("1309": Cangzhou and every district in it) as a range of codes, so that an index on the
// code serves it: from the prefix up to, not including, the prefix followed by ':' (the character after '9';
// codes are digits). The one way every store filters by region, in each backend.
public static class RegionRanges
{
    public static string End(string prefix) => prefix + ":";

    // SQLite: the codes of the column within the prefix held by the parameter.
    public static string Within(string column, string parameter) => $"({column} >= {parameter} AND {column} < {parameter} || ':')";

    // SQLite: as Within, and every code when the parameter is null.
    public static string WithinAny(string column, string parameter) => $"({parameter} IS NULL OR {Within(column, parameter)})";

    public static FilterDefinition<BsonDocument> Within(string field, string prefix, FilterDefinitionBuilder<BsonDocument> filter) =>
        filter.Gte(field, prefix) & filter.Lt(field, End(prefix));
}
