namespace FinanceMarket.CreditImport;

// What a cell becomes in the JSON of a record (CreditRecord in protos/credit/v1/credit.proto).
public enum FieldType
{
    Text,
    Whole32,
    Whole64,
    Bool,
}

// The fields of each kind of record, by their JSON (camelCase) names, and the names a file may give them.
public static class RecordFields
{
    public static readonly IReadOnlyList<string> Kinds = ["TAX", "SOCIAL_INSURANCE", "UTILITY", "ENFORCEMENT", "PENALTY", "HONOR"];

    private static readonly Dictionary<string, (string Name, FieldType Type)[]> ByKind = new(StringComparer.Ordinal)
    {
        ["TAX"] = [("uscc", FieldType.Text), ("year", FieldType.Whole32), ("taxPaidFen", FieldType.Whole64), ("invoicedRevenueFen", FieldType.Whole64), ("taxCreditRating", FieldType.Text)],
        ["SOCIAL_INSURANCE"] = [("uscc", FieldType.Text), ("month", FieldType.Text), ("insuredEmployees", FieldType.Whole32)],
        ["UTILITY"] = [("uscc", FieldType.Text), ("month", FieldType.Text), ("electricityKwh", FieldType.Whole64), ("paidOnTime", FieldType.Bool)],
        ["ENFORCEMENT"] =
        [
            ("uscc", FieldType.Text), ("court", FieldType.Text), ("caseNumber", FieldType.Text), ("listedOn", FieldType.Text),
            ("liftedOn", FieldType.Text), ("amountFen", FieldType.Whole64), ("dishonest", FieldType.Bool),
        ],
        ["PENALTY"] =
        [
            ("uscc", FieldType.Text), ("authority", FieldType.Text), ("decidedOn", FieldType.Text), ("severity", FieldType.Text),
            ("description", FieldType.Text), ("caseNumber", FieldType.Text),
        ],
        ["HONOR"] = [("uscc", FieldType.Text), ("kind", FieldType.Text), ("year", FieldType.Whole32)],
    };

    public static IReadOnlyList<(string Name, FieldType Type)> Of(string kind) => ByKind[kind];

    // The field a column or key names: camelCase as the API spells it, or snake_case, kebab-case, PascalCase.
    public static (string Name, FieldType Type)? Find(string kind, string name)
    {
        var wanted = Plain(name);
        foreach (var field in ByKind[kind])
        {
            if (Plain(field.Name) == wanted)
            {
                return field;
            }
        }

        return null;
    }

    public static string Columns(string kind) => string.Join(",", ByKind[kind].Select(f => f.Name));

    private static string Plain(string name) =>
        string.Concat(name.Trim().TrimStart('\uFEFF').Where(c => c is not ('_' or '-' or ' '))).ToLowerInvariant();
}
