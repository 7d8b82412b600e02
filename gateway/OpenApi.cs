using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Google.Protobuf.Reflection;

namespace FinanceMarket.Gateway;

// GET /openapi/v1.json: an OpenAPI 3 document of the REST surface, made from the protos' google.api.http
// rules and messages (the ones each service transcodes), so it cannot drift from them. JSON names as the
// services read and write them, int64 as JSON numbers (exact up to 2^53), enums by name; the bearer token
// and the error body every refusal carries. /api-docs renders it (gateway/wwwroot/api-docs).
internal static partial class OpenApi
{
    public const string Path = "/openapi/v1.json";

    public static WebApplication MapOpenApiDocument(this WebApplication app)
    {
        var document = Build().ToJsonString();
        app.MapGet(Path, () => Results.Text(document, "application/json")).AllowAnonymous();
        return app;
    }

    public static JsonObject Build()
    {
        var schemas = new JsonObject();
        var paths = new JsonObject();
        foreach (var service in Protos.Services)
        {
            foreach (var method in service.Methods)
            {
                if (Protos.RestRoute(method) is not var (verb, template, body))
                {
                    continue;
                }

                var pathParams = ParamPattern().Matches(template).Select(m => m.Groups[1].Value).ToHashSet();
                var path = ParamPattern().Replace(template, m => "{" + method.InputType.FindFieldByName(m.Groups[1].Value)!.JsonName + "}");
                var operation = new JsonObject
                {
                    ["operationId"] = $"{service.Name}_{method.Name}",
                    ["tags"] = new JsonArray(service.Name),
                    ["summary"] = $"{service.FullName}/{method.Name}",
                };
                var parameters = new JsonArray();
                foreach (var field in method.InputType.Fields.InFieldNumberOrder())
                {
                    var inPath = pathParams.Contains(field.Name);
                    if (inPath || (body != "*" && field.FieldType != FieldType.Message))
                    {
                        parameters.Add(new JsonObject
                        {
                            ["name"] = field.JsonName,
                            ["in"] = inPath ? "path" : "query",
                            ["required"] = inPath,
                            ["schema"] = FieldSchema(field, schemas),
                        });
                    }
                }

                if (parameters.Count > 0)
                {
                    operation["parameters"] = parameters;
                }

                if (body == "*")
                {
                    var bodySchema = MessageSchema(method.InputType, schemas, leaveOut: pathParams);
                    operation["requestBody"] = new JsonObject
                    {
                        ["required"] = false,
                        ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = bodySchema } },
                    };
                }

                // A google.api.HttpBody answer is the file itself (the monthly report), not JSON.
                operation["responses"] = method.OutputType.FullName == Google.Api.HttpBody.Descriptor.FullName
                    ? Responses("*/*", new JsonObject { ["type"] = "string", ["format"] = "binary" })
                    : Responses("application/json", Ref(method.OutputType, schemas));
                var item = paths[path] as JsonObject ?? [];
                item[verb] = operation;
                paths[path] = item;
            }
        }

        schemas["Error"] = new JsonObject
        {
            ["type"] = "object",
            ["description"] = "Every refusal: the gRPC status code, its message, and for INVALID_ARGUMENT a google.rpc.BadRequest naming each bad field with its reason, "
                + "followed by a financemarket.common.v1.FieldViolationValues repeating each violation with the values its reason is about (docs/api.md lists the reasons).",
            ["properties"] = new JsonObject
            {
                ["code"] = new JsonObject { ["type"] = "integer", ["format"] = "int32" },
                ["message"] = new JsonObject { ["type"] = "string" },
                ["details"] = new JsonObject
                {
                    ["type"] = "array",
                    ["items"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["properties"] = new JsonObject
                        {
                            ["@type"] = new JsonObject { ["type"] = "string" },
                            ["fieldViolations"] = new JsonObject
                            {
                                ["type"] = "array",
                                ["items"] = new JsonObject
                                {
                                    ["type"] = "object",
                                    ["properties"] = new JsonObject
                                    {
                                        ["field"] = new JsonObject { ["type"] = "string" },
                                        ["description"] = new JsonObject { ["type"] = "string" },
                                        ["reason"] = new JsonObject { ["type"] = "string" },
                                    },
                                },
                            },
                            ["violations"] = new JsonObject
                            {
                                ["type"] = "array",
                                ["items"] = new JsonObject
                                {
                                    ["type"] = "object",
                                    ["properties"] = new JsonObject
                                    {
                                        ["field"] = new JsonObject { ["type"] = "string" },
                                        ["reason"] = new JsonObject { ["type"] = "string" },
                                        ["values"] = new JsonObject { ["type"] = "object", ["additionalProperties"] = new JsonObject { ["type"] = "string" } },
                                    },
                                },
                            },
                        },
                    },
                },
            },
        };
        return new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject
            {
                ["title"] = "FinanceMarket",
                ["version"] = "v1",
                ["description"] = "The finance supermarket's REST API, generated from its protos. Roles, rules and errors: docs/api.md.",
            },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = "/" }),
            ["security"] = new JsonArray(new JsonObject { ["bearer"] = new JsonArray() }),
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["securitySchemes"] = new JsonObject
                {
                    ["bearer"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer", ["bearerFormat"] = "JWT" },
                },
                ["schemas"] = schemas,
            },
        };
    }

    private static JsonObject Responses(string okType, JsonObject ok)
    {
        var responses = new JsonObject
        {
            ["200"] = new JsonObject { ["description"] = "OK", ["content"] = new JsonObject { [okType] = new JsonObject { ["schema"] = ok } } },
        };
        foreach (var (code, why) in new[]
        {
            ("400", "Bad input (fields named) or a state that does not allow the change"), ("401", "No valid token"),
            ("403", "Not this caller's object"), ("404", "Not found"), ("409", "Exists already, or a concurrent change won"),
            ("415", "Not JSON in UTF-8"), ("429", "A limit; Retry-After says when to try again"), ("503", "A service is down"),
        })
        {
            responses[code] = new JsonObject
            {
                ["description"] = why,
                ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/Error" } } },
            };
        }

        return responses;
    }

    private static JsonObject Ref(MessageDescriptor message, JsonObject schemas)
    {
        if (!schemas.ContainsKey(message.FullName))
        {
            schemas[message.FullName] = null; // taken before the fields, so a recursive message refers to itself
            schemas[message.FullName] = MessageSchema(message, schemas, leaveOut: []);
        }

        return new JsonObject { ["$ref"] = "#/components/schemas/" + message.FullName };
    }

    private static JsonObject MessageSchema(MessageDescriptor message, JsonObject schemas, HashSet<string> leaveOut)
    {
        var properties = new JsonObject();
        foreach (var field in message.Fields.InFieldNumberOrder().Where(f => !leaveOut.Contains(f.Name)))
        {
            properties[field.JsonName] = FieldSchema(field, schemas);
        }

        return new JsonObject { ["type"] = "object", ["properties"] = properties, ["additionalProperties"] = false };
    }

    private static JsonObject FieldSchema(FieldDescriptor field, JsonObject schemas)
    {
        if (field.IsMap)
        {
            return new JsonObject { ["type"] = "object", ["additionalProperties"] = FieldSchema(field.MessageType.FindFieldByNumber(2), schemas) };
        }

        var single = field.FieldType switch
        {
            FieldType.String => new JsonObject { ["type"] = "string" },
            FieldType.Bytes => new JsonObject { ["type"] = "string", ["format"] = "byte" },
            FieldType.Bool => new JsonObject { ["type"] = "boolean" },
            FieldType.Double or FieldType.Float => new JsonObject { ["type"] = "number" },
            FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 or FieldType.UInt64 or FieldType.Fixed64 => new JsonObject { ["type"] = "integer", ["format"] = "int64" },
            FieldType.Enum => new JsonObject { ["type"] = "string", ["enum"] = new JsonArray([.. field.EnumType.Values.Select(v => (JsonNode)v.Name)]) },
            FieldType.Message or FieldType.Group => Ref(field.MessageType, schemas),
            _ => new JsonObject { ["type"] = "integer", ["format"] = "int32" },
        };
        return field.IsRepeated ? new JsonObject { ["type"] = "array", ["items"] = single } : single;
    }

    [GeneratedRegex("{([a-z_]+)}")]
    private static partial Regex ParamPattern();
}
