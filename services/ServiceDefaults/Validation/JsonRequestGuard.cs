using System.Globalization;
using System.Text;
using System.Text.Json;
using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace FinanceMarket.ServiceDefaults.Validation;

// Checks a REST request before JSON transcoding reads it, against the gRPC method's own request message:
// the body must be JSON in UTF-8 (else 415), each key a field of the message given once, each value of the
// field's type and range, and no string (body, route or query) may hide formatting characters. Transcoding
// alone answered 500 for an unknown charset, took the last of duplicate keys, ignored unknown fields and
// refused a wrong type without naming the field. An action whose fields are all optional may be sent
// without a body. The body is read to its end before any refusal, so the connection stays usable.
public static class JsonRequestGuard
{
    public static IApplicationBuilder UseJsonRequestGuard(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>() is not { } transcoding)
        {
            await next(http);
            return;
        }

        var violations = new Violations();
        var input = transcoding.MethodDescriptor.InputType;
        foreach (var (name, value) in http.Request.RouteValues)
        {
            CheckParameter(violations, JsonNameOf(name), input.FindFieldByName(name), new Microsoft.Extensions.Primitives.StringValues(value as string));
        }

        foreach (var (name, values) in http.Request.Query)
        {
            CheckParameter(violations, name, FieldNamed(input, name), values);
        }

        if (!string.IsNullOrEmpty(transcoding.HttpRule.Body) && HasBodyMethod(http.Request.Method))
        {
            var refusal = await ReadBodyAsync(http, transcoding.MethodDescriptor.InputType, violations);
            if (refusal is not null)
            {
                await refusal.ExecuteAsync(http);
                return;
            }
        }

        if (violations.Any)
        {
            await Invalid(violations).ExecuteAsync(http);
            return;
        }

        await next(http);
    });

    // A route or query value is text that transcoding converts to the field's type: it must convert, and a
    // field that is not a list is given once. Names transcoding does not know are left to it.
    private static void CheckParameter(Violations violations, string name, FieldDescriptor? field, Microsoft.Extensions.Primitives.StringValues values)
    {
        foreach (var value in values)
        {
            CheckText(violations, name, value);
        }

        if (field is null)
        {
            return;
        }

        if (values.Count > 1 && !field.IsRepeated)
        {
            violations.Add(name, Domain.Reasons.DuplicateField, "is given more than once");
            return;
        }

        foreach (var value in values.Where(v => v is not null).Cast<string>())
        {
            var problem = field.FieldType switch
            {
                FieldType.Enum => EnumProblem(field.EnumType, value, int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number : null),
                FieldType.Bool => value is "true" or "false" ? null : new Domain.Problem(Domain.Reasons.NotABoolean, "must be true or false", ("got", Truncate(value))),
                FieldType.Double or FieldType.Float => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                    ? null : new Domain.Problem(Domain.Reasons.NotANumber, "must be a number", ("got", Truncate(value))),
                FieldType.String or FieldType.Bytes or FieldType.Message or FieldType.Group => null,
                _ => IntegerProblem(field.FieldType, value),
            };
            if (problem is not null)
            {
                violations.Add(name, problem);
            }
        }
    }

    // Query parameters may use the JSON name (pageSize) or the proto name (page_size).
    private static FieldDescriptor? FieldNamed(MessageDescriptor message, string name) =>
        message.Fields.InDeclarationOrder().FirstOrDefault(f => f.JsonName == name) ?? message.FindFieldByName(name);

    // Route parameters are named as in the proto (bank_id); violations name fields as JSON does (bankId).
    private static string JsonNameOf(string protoName)
    {
        var parts = protoName.Split('_');
        return parts[0] + string.Concat(parts.Skip(1).Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));
    }

    // DELETE too: a removal whose rule declares a body ("*", its fields all in the path) is checked like any
    // other write, so a body it cannot take is refused rather than reaching transcoding.
    private static bool HasBodyMethod(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);

    // Null when the body may go on to transcoding (replaced by a buffered copy, or by "{}" when empty).
    private static async Task<IResult?> ReadBodyAsync(HttpContext http, MessageDescriptor message, Violations violations)
    {
        // Drained first, whatever follows: an answer sent before the body is read leaves the rest of it in
        // the connection, and a keep-alive client's next request behind it.
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        var body = buffer.ToArray();

        var contentType = http.Request.ContentType;
        if (string.IsNullOrWhiteSpace(contentType))
        {
            if (body.Length > 0)
            {
                return Unsupported("a request body needs Content-Type: application/json");
            }

            body = "{}"u8.ToArray();
            http.Request.ContentType = "application/json";
        }
        else if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
            || !string.Equals(mediaType.MediaType.Value, "application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Unsupported($"Content-Type must be application/json; got '{Truncate(contentType)}'");
        }
        else if (mediaType.Charset.HasValue && !IsUtf8(mediaType.Charset.Value))
        {
            return Unsupported($"the body must be UTF-8 (charset=utf-8 or none); got charset '{Truncate(mediaType.Charset.Value ?? string.Empty)}'");
        }
        else if (body.Length == 0)
        {
            body = "{}"u8.ToArray();
        }

        Check(body, message, violations);
        http.Request.Body = new MemoryStream(body, writable: false);
        http.Request.ContentLength = body.Length;
        return null;
    }

    private static bool IsUtf8(string? charset) =>
        string.Equals(charset, "utf-8", StringComparison.OrdinalIgnoreCase) || string.Equals(charset, "utf8", StringComparison.OrdinalIgnoreCase);

    private static void Check(byte[] body, MessageDescriptor message, Violations violations)
    {
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 32 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                violations.Add("(body)", Domain.Reasons.JsonNotObject, "must be a JSON object");
                return;
            }

            CheckObject(ref reader, message, string.Empty, violations);
            if (reader.Read())
            {
                violations.Add("(body)", Domain.Reasons.JsonTrailing, "must hold one JSON object and nothing after it");
            }
        }
        catch (JsonException ex)
        {
            violations.Add("(body)", Domain.Reasons.JsonSyntax, string.Create(CultureInfo.InvariantCulture, $"is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})"),
                ("line", ex.LineNumber + 1), ("byte", ex.BytePositionInLine + 1));
        }
        catch (ArgumentException)
        {
            // Invalid UTF-8 inside a string is reported by the reader this way.
            violations.Add("(body)", Domain.Reasons.JsonEncoding, "is not valid UTF-8 JSON");
        }
    }

    // The reader is on the StartObject; leaves it on the matching EndObject.
    private static void CheckObject(ref Utf8JsonReader reader, MessageDescriptor message, string path, Violations violations)
    {
        var seen = new HashSet<int>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = reader.GetString()!;
            var field = message.FindFieldByName(key) is { } byName ? byName : message.Fields.InDeclarationOrder().FirstOrDefault(f => f.JsonName == key);
            var fieldPath = path + key;
            reader.Read();
            if (field is null)
            {
                violations.Add(fieldPath, Domain.Reasons.UnknownField, "is not a field of this request");
                reader.Skip();
                continue;
            }

            fieldPath = path + field.JsonName;
            if (!seen.Add(field.FieldNumber))
            {
                violations.Add(fieldPath, Domain.Reasons.DuplicateField, "is given more than once");
            }

            CheckValue(ref reader, field, fieldPath, violations, asElement: false);
        }
    }

    private static void CheckValue(ref Utf8JsonReader reader, FieldDescriptor field, string path, Violations violations, bool asElement)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            // Proto3 JSON reads null as "left out", but transcoding cannot assign it to a list.
            if (field.IsRepeated && !asElement)
            {
                violations.Add(path, Domain.Reasons.WrongType, "must be a JSON array, or left out; not null", ("expected", "array"), ("got", "null"));
            }

            return;
        }

        if (field.IsRepeated && !asElement)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                violations.Add(path, Domain.Reasons.WrongType, "must be a JSON array", ("expected", "array"), ("got", Kind(reader.TokenType)));
                reader.Skip();
                return;
            }

            var index = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                CheckValue(ref reader, field, string.Create(CultureInfo.InvariantCulture, $"{path}[{index++}]"), violations, asElement: true);
            }

            return;
        }

        switch (field.FieldType)
        {
            case FieldType.Message or FieldType.Group:
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    violations.Add(path, Domain.Reasons.WrongType, "must be a JSON object", ("expected", "object"), ("got", Kind(reader.TokenType)));
                    reader.Skip();
                    return;
                }

                CheckObject(ref reader, field.MessageType, path + ".", violations);
                return;
            case FieldType.String:
                if (reader.TokenType != JsonTokenType.String)
                {
                    Wrong(ref reader, path, "a string", "string", violations);
                    return;
                }

                CheckText(violations, path, reader.GetString());
                return;
            case FieldType.Bytes:
                if (reader.TokenType != JsonTokenType.String)
                {
                    Wrong(ref reader, path, "a base64 string", "string", violations);
                }

                return;
            case FieldType.Bool:
                if (reader.TokenType is not (JsonTokenType.True or JsonTokenType.False))
                {
                    Wrong(ref reader, path, "true or false", "boolean", violations);
                }

                return;
            case FieldType.Enum:
                CheckEnum(ref reader, field.EnumType, path, violations);
                return;
            case FieldType.Double or FieldType.Float:
                if (reader.TokenType != JsonTokenType.Number && !(reader.TokenType == JsonTokenType.String
                    && double.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
                {
                    Wrong(ref reader, path, "a number", "number", violations);
                }

                return;
            default:
                CheckInteger(ref reader, field.FieldType, path, violations);
                return;
        }
    }

    private static void CheckEnum(ref Utf8JsonReader reader, EnumDescriptor type, string path, Violations violations)
    {
        if (reader.TokenType == JsonTokenType.String || (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out _)))
        {
            var text = reader.TokenType == JsonTokenType.String ? reader.GetString()! : reader.GetInt32().ToString(CultureInfo.InvariantCulture);
            if (EnumProblem(type, text, reader.TokenType == JsonTokenType.Number ? reader.GetInt32() : null) is { } problem)
            {
                violations.Add(path, problem);
            }

            return;
        }

        Wrong(ref reader, path, "one of the names " + string.Join(", ", type.Values.Where(v => v.Number != 0).Select(v => v.Name)), "string", violations);
    }

    // A name of the enum, or the number of one of its values.
    private static Domain.Problem? EnumProblem(EnumDescriptor type, string text, int? number)
    {
        if ((number is { } n ? type.FindValueByNumber(n) : type.FindValueByName(text)) is not null)
        {
            return null;
        }

        var allowed = type.Values.Where(v => v.Number != 0).Select(v => v.Name).ToList();
        return new(Domain.Reasons.NotOneOf, $"must be one of {string.Join(", ", allowed)}; got '{Truncate(text)}'", ("allowed", allowed), ("got", Truncate(text)));
    }

    // Proto3 JSON admits an integer as a number or as a string of digits; either must fit the field's type.
    private static void CheckInteger(ref Utf8JsonReader reader, FieldType type, string path, Violations violations)
    {
        var text = reader.TokenType switch
        {
            JsonTokenType.Number => Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan),
            JsonTokenType.String => reader.GetString()!,
            _ => null,
        };
        if (text is null)
        {
            Wrong(ref reader, path, IntegerKind(type).Name, "integer", violations);
        }
        else if (IntegerProblem(type, text) is { } problem)
        {
            violations.Add(path, problem);
        }
    }

    private static (decimal Min, decimal Max, string Name) IntegerKind(FieldType type) => type switch
    {
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => (int.MinValue, int.MaxValue, "a whole number"),
        FieldType.UInt32 or FieldType.Fixed32 => (0m, uint.MaxValue, "a whole number of at least 0"),
        FieldType.UInt64 or FieldType.Fixed64 => (0m, ulong.MaxValue, "a whole number of at least 0"),
        _ => (long.MinValue, long.MaxValue, "a whole number"),
    };

    private static Domain.Problem? IntegerProblem(FieldType type, string text)
    {
        var (min, max, name) = IntegerKind(type);
        if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value)
            || value != decimal.Truncate(value))
        {
            return new(Domain.Reasons.NotAnInteger, $"must be {name}; got '{Truncate(text)}'", ("got", Truncate(text)));
        }

        return value < min || value > max
            ? new(Domain.Reasons.OutOfRange, string.Create(CultureInfo.InvariantCulture, $"must be between {min} and {max}; got {Truncate(text)}"),
                ("min", min), ("max", max), ("got", Truncate(text)))
            : null;
    }

    // expected: in words for the description; kind: the JSON kind for the values.
    private static void Wrong(ref Utf8JsonReader reader, string path, string expected, string kind, Violations violations)
    {
        violations.Add(path, Domain.Reasons.WrongType, $"must be {expected}; got a JSON {Kind(reader.TokenType)}", ("expected", kind), ("got", Kind(reader.TokenType)));
        reader.Skip();
    }

    private static string Kind(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "object",
        JsonTokenType.StartArray => "array",
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        _ => "value",
    };

    private static void CheckText(Violations violations, string field, string? value)
    {
        if (value is not null && HiddenCharacters.IndexIn(value) is var index and >= 0)
        {
            violations.Add(field, HiddenCharacters.Describe(value, index));
        }
    }

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";

    // The same body JSON transcoding gives INVALID_ARGUMENT, so clients parse one format.
    public static IResult Invalid(Violations violations) =>
        Results.Content(InvalidArgument.JsonBody("Invalid request: " + string.Join("; ", violations.Items.Select(v => $"{v.Field} {v.Description}")), violations.Items),
            "application/json", System.Text.Encoding.UTF8, StatusCodes.Status400BadRequest);

    private static IResult Unsupported(string why) =>
        Results.Content(InvalidArgument.JsonBody("Unsupported media type: " + why, new Violations().Add("Content-Type", Domain.Reasons.ContentType, why).Items),
            "application/json", System.Text.Encoding.UTF8, StatusCodes.Status415UnsupportedMediaType);
}
