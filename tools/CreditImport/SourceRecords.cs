using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FinanceMarket.CreditImport;

// A problem with one record of the file, by the line it starts on: a cell that could not be converted (never
// sent), or the server's refusal or flag of the record.
public sealed record LineProblem(long Line, string Field, string Message);

// One record as read: its JSON for the API (null when it could not be read, with the problems why) and its
// text in the file, for the refused-rows file.
public sealed record SourceRecord(long Line, byte[]? Json, string Raw, IReadOnlyList<LineProblem> Problems);

// A file's header or format is wrong as a whole: nothing is sent.
public sealed class InputException(string message) : Exception(message);

public enum InputFormat
{
    Csv,
    Ndjson,
}

// The records of a CSV or NDJSON file, one at a time (nothing but the current record is held).
public static class SourceRecords
{
    public static InputFormat? FormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".csv" => InputFormat.Csv,
        ".ndjson" or ".jsonl" => InputFormat.Ndjson,
        _ => null,
    };

    public static TextReader Open(string path) =>
        new StreamReader(path, new UTF8Encoding(false, throwOnInvalidBytes: false), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);

    public static IEnumerable<SourceRecord> Read(TextReader text, InputFormat format, string kind) =>
        format == InputFormat.Csv ? ReadCsv(text, kind) : ReadNdjson(text, kind);

    // The header names the fields (any order, any subset with uscc); each cell becomes its field's JSON type,
    // an empty cell leaves the field out.
    public static IEnumerable<SourceRecord> ReadCsv(TextReader text, string kind)
    {
        var csv = new CsvReader(text);
        var header = csv.Read() ?? throw new InputException("the file is empty: a CSV file starts with a header row naming the fields");
        var columns = Header(header, kind);
        for (var row = csv.Read(); row is not null; row = csv.Read())
        {
            yield return Convert(row, columns);
        }
    }

    public static IEnumerable<SourceRecord> ReadNdjson(TextReader text, string kind)
    {
        long line = 0;
        for (var raw = text.ReadLine(); raw is not null; raw = text.ReadLine())
        {
            line++;
            var trimmed = raw.Trim().TrimStart('\uFEFF');
            if (trimmed.Length == 0)
            {
                continue;
            }

            var (record, error) = Parse(trimmed);
            if (record is null)
            {
                yield return new SourceRecord(line, null, raw, [new LineProblem(line, "", error!)]);
                continue;
            }

            // Keys in snake_case become the API's camelCase; anything else goes as it is (the server names it).
            var named = new JsonObject();
            foreach (var (key, value) in record.ToList())
            {
                record.Remove(key);
                named[RecordFields.Find(kind, key)?.Name ?? key] = value;
            }

            yield return new SourceRecord(line, JsonSerializer.SerializeToUtf8Bytes(named), raw, []);
        }
    }

    private static (JsonObject? Record, string? Error) Parse(string line)
    {
        try
        {
            return JsonNode.Parse(line) is JsonObject record ? (record, null) : (null, "the line is not a JSON object");
        }
        catch (JsonException e)
        {
            return (null, "the line is not a JSON object: " + e.Message);
        }
    }

    private static (string Name, FieldType Type)[] Header(CsvRow header, string kind)
    {
        if (header.Error is not null)
        {
            throw new InputException("the header row: " + header.Error);
        }

        var columns = new (string Name, FieldType Type)[header.Cells.Count];
        var unknown = new List<string>();
        for (var i = 0; i < columns.Length; i++)
        {
            var found = RecordFields.Find(kind, header.Cells[i]);
            if (found is null)
            {
                unknown.Add($"\"{header.Cells[i]}\"");
                continue;
            }

            if (columns.Take(i).Any(c => c.Name == found.Value.Name))
            {
                throw new InputException($"the header names {found.Value.Name} twice");
            }

            columns[i] = found.Value;
        }

        if (unknown.Count > 0)
        {
            throw new InputException($"the header names {string.Join(", ", unknown)}, not a field of {kind} records; its columns are {RecordFields.Columns(kind)}");
        }

        if (!columns.Any(c => c.Name == "uscc"))
        {
            throw new InputException($"the header has no uscc column; the columns of {kind} records are {RecordFields.Columns(kind)}");
        }

        return columns;
    }

    private static SourceRecord Convert(CsvRow row, (string Name, FieldType Type)[] columns)
    {
        if (row.Error is not null)
        {
            return new SourceRecord(row.Line, null, row.Raw, [new LineProblem(row.Line, "", row.Error)]);
        }

        if (row.Cells.Count != columns.Length)
        {
            return new SourceRecord(row.Line, null, row.Raw,
                [new LineProblem(row.Line, "", $"has {row.Cells.Count} cells where the header has {columns.Length}")]);
        }

        var problems = new List<LineProblem>();
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            for (var i = 0; i < columns.Length; i++)
            {
                var (name, type) = columns[i];
                var cell = row.Cells[i].Trim();
                if (cell.Length == 0)
                {
                    continue;
                }

                switch (type)
                {
                    case FieldType.Text:
                        json.WriteString(name, cell);
                        break;
                    case FieldType.Whole32 or FieldType.Whole64:
                        if (long.TryParse(cell, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
                            && (type == FieldType.Whole64 || number is >= int.MinValue and <= int.MaxValue))
                        {
                            json.WriteNumber(name, number);
                        }
                        else
                        {
                            problems.Add(new LineProblem(row.Line, name, $"\"{cell}\" is not a whole number{(type == FieldType.Whole32 ? " (32-bit)" : "")}"));
                        }

                        break;
                    case FieldType.Bool:
                        if (Bool(cell) is { } flag)
                        {
                            json.WriteBoolean(name, flag);
                        }
                        else
                        {
                            problems.Add(new LineProblem(row.Line, name, $"\"{cell}\" is not true or false (also 1/0, yes/no, 是/否)"));
                        }

                        break;
                }
            }

            json.WriteEndObject();
        }

        return problems.Count > 0
            ? new SourceRecord(row.Line, null, row.Raw, problems)
            : new SourceRecord(row.Line, buffer.WrittenSpan.ToArray(), row.Raw, []);
    }

    private static bool? Bool(string cell) => cell.ToLowerInvariant() switch
    {
        "true" or "1" or "yes" or "y" or "是" => true,
        "false" or "0" or "no" or "n" or "否" => false,
        _ => null,
    };
}
