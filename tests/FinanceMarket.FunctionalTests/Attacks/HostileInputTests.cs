using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using FinanceMarket.TestInfrastructure;
using Google.Protobuf.Reflection;
using Microsoft.Data.Sqlite;

namespace FinanceMarket.FunctionalTests.Attacks;

// A corpus of hostile requests generated from the protos (every route, every field of its request) and
// sent by a caller the route allows, so that only the input can refuse them: wrong types, nulls, huge
// strings and numbers, bad dates, injection strings hidden behind formatting characters, unknown and
// repeated keys, broken JSON, foreign charsets and content types, traversal and junk in path ids, tampered
// page tokens. Every answer is below 500 and keeps its connection, every 400 names a field, and every
// service's store is the same afterwards as before. On a platform of its own, so the stores stay still.
public sealed class HostileInputTests : IAsyncLifetime
{
    private const int AtLeast = 400;

    private readonly Platform _platform = new();

    public ValueTask InitializeAsync() => _platform.InitializeAsync();

    public ValueTask DisposeAsync() => _platform.DisposeAsync();

    [Fact]
    public async Task No_hostile_request_gets_a_5xx_a_dropped_connection_an_unnamed_400_or_a_stored_change()
    {
        var world = await World.CreateAsync(_platform);
        var corpus = Corpus(world).ToList();
        Assert.True(corpus.Count >= AtLeast, $"only {corpus.Count} hostile requests");
        var before = await QuietStoresAsync();

        var problems = new List<string>();
        foreach (var (caller, what, build, leeway) in corpus)
        {
            using var request = build();
            HttpResponseMessage response;
            try
            {
                response = await world.Clients[caller].SendAsync(request, TestContext.Current.CancellationToken);
            }
            catch (HttpRequestException ex)
            {
                problems.Add($"{what}: the connection failed ({ex.Message})");
                continue;
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
                if (status >= 500)
                {
                    problems.Add($"{what}: {status} {Cut(text)}");
                }
                else if (leeway == Leeway.MalformedRequestLine)
                {
                    if (status != 400)
                    {
                        problems.Add($"{what}: {status}, not 400");
                    }
                }
                else if (response.Headers.ConnectionClose == true)
                {
                    problems.Add($"{what}: {status} closed the connection");
                }
                else if (status == 400 && Fields(text).Count == 0)
                {
                    problems.Add($"{what}: 400 naming no field: {Cut(text)}");
                }
                else if (status is >= 200 and < 300 && request.Method != HttpMethod.Get && leeway != Leeway.MayBeAccepted)
                {
                    problems.Add($"{what}: {status} accepted: {Cut(text)}");
                }
            }
        }

        Assert.True(problems.Count == 0, $"{problems.Count} of {corpus.Count} hostile requests:\n" + string.Join("\n", problems));
        var after = await QuietStoresAsync();
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        Assert.All(before, table => Assert.True(table.Value == after[table.Key], $"{table.Key} changed"));
    }

    private enum Leeway
    {
        None,
        MayBeAccepted,
        MalformedRequestLine,
    }

    private static IReadOnlyList<string> Fields(string text)
    {
        try
        {
            return (JsonNode.Parse(text) as JsonObject ?? []).ViolatedFields();
        }
        catch (System.Text.Json.JsonException)
        {
            return [];
        }
    }

    private static string Cut(string text) => text.Length > 300 ? text[..300] + "…" : text;

    // Each request once per hostile value, from the route's valid request.
    private static IEnumerable<(string Caller, string What, Func<HttpRequestMessage> Build, Leeway Leeway)> Corpus(World world)
    {
        foreach (var (verb, template, method) in RestRoutes.Methods)
        {
            var route = $"{verb} {template}";
            var caller = AttackSurface.AllowedCaller(route);
            var (path, body) = world.Request(verb, template, caller);
            var pathParams = System.Text.RegularExpressions.Regex.Matches(template, "{([A-Za-z]+)}").Select(m => m.Groups[1].Value).ToHashSet();
            var fields = method.InputType.Fields.InFieldNumberOrder().Where(f => !pathParams.Contains(f.JsonName)).ToList();

            foreach (var (param, junk) in pathParams.SelectMany(p => PathJunk.Select(j => (p, j))))
            {
                var hostilePath = HostilePath(world, verb, template, caller, param, junk);
                // A NUL in the request line is refused by the HTTP server itself (Kestrel), which answers 400 and
                // closes the connection, as it does for any request it cannot parse.
                yield return (caller, $"{route} with {param}={junk}", () => Request(verb, hostilePath, body is null ? null : Json(body)),
                    junk == "%00" ? Leeway.MalformedRequestLine : Leeway.None);
            }

            if (verb == "GET")
            {
                var separator = path.Contains('?', StringComparison.Ordinal) ? "&" : "?";
                foreach (var field in fields)
                {
                    foreach (var value in QueryJunk(field))
                    {
                        var query = $"{path}{separator}{field.JsonName}={value}";
                        yield return (caller, $"{route} with ?{field.JsonName}={value}", () => Request(verb, query, null), Leeway.None);
                    }
                }

                continue;
            }

            var valid = Json(body ?? new { });
            foreach (var field in fields)
            {
                foreach (var (label, value) in BodyJunk(field))
                {
                    var hostile = Json(body ?? new { });
                    hostile[field.JsonName] = value;
                    yield return (caller, $"{route} with {field.JsonName} {label}", () => Request(verb, path, hostile), Leeway.None);
                }
            }

            if (valid.Count > 0)
            {
                var nulls = new JsonObject(valid.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)null)));
                // Null is proto3 JSON's "left out": a route whose fields are all optional may take it.
                yield return (caller, $"{route} with every field null", () => Request(verb, path, nulls), Leeway.MayBeAccepted);
                var first = valid.First();
                var repeated = valid.ToJsonString()[..^1] + $",\"{first.Key}\":{first.Value?.ToJsonString() ?? "null"}}}";
                yield return (caller, $"{route} with {first.Key} twice", () => Raw(verb, path, repeated, "application/json"), Leeway.None);
            }

            var unknown = Json(body ?? new { });
            unknown["zzNotAField"] = 1;
            yield return (caller, $"{route} with an unknown field", () => Request(verb, path, unknown), Leeway.None);
            foreach (var broken in new[] { "{", "[1,2]", "\"text\"", "{\"a\":}", "{}{}", "nul" })
            {
                yield return (caller, $"{route} with the body {broken}", () => Raw(verb, path, broken, "application/json"), Leeway.None);
            }

            foreach (var contentType in new[] { "application/json; charset=ebcdic", "application/json; charset=\"\"", "text/plain", "application/xml", "application/x-www-form-urlencoded" })
            {
                yield return (caller, $"{route} as {contentType}", () => Raw(verb, path, valid.ToJsonString(), contentType), Leeway.None);
            }
        }
    }

    private static readonly string[] PathJunk =
    [
        "..%2F..%2Fetc%2Fpasswd", "%27%20OR%201%3D1--", "%E2%80%AEfdp.exe", "%00", new string('a', 3000), "%3Cscript%3E", "%F0%9F%92%A5",
    ];

    private static string HostilePath(World world, string verb, string template, string caller, string param, string junk)
    {
        var marked = template.Replace("{" + param + "}", "\u0001", StringComparison.Ordinal);
        var (path, _) = world.Request(verb, marked, caller);
        return path.Replace("\u0001", junk, StringComparison.Ordinal);
    }

    private static IEnumerable<string> QueryJunk(FieldDescriptor field) => field.FieldType switch
    {
        FieldType.Int32 or FieldType.Int64 or FieldType.UInt32 or FieldType.UInt64 => ["abc", "99999999999999999999", "-1", "1e400"],
        FieldType.Enum => ["NOT_A_VALUE", "999"],
        FieldType.Bool => ["maybe"],
        _ when field.JsonName == "pageToken" => ["Zm9v", "aw", "%2E%2E%2F%2E%2E%2F", new string('A', 1000), "a2s%3D%3D%3D"],
        _ => ["%E2%80%AE%27%20OR%201%3D1--", "%E2%80%8B", "2026-13-45", new string('9', 5000)],
    };

    private static IEnumerable<(string Label, JsonNode? Value)> BodyJunk(FieldDescriptor field)
    {
        if (field.IsRepeated)
        {
            yield return ("as a string", "not a list");
            yield return ("with a wrong-typed element", new JsonArray(new JsonObject { ["x"] = 1 }));
            yield break;
        }

        switch (field.FieldType)
        {
            case FieldType.String:
                yield return ("as a number", 12345);
                yield return ("100,000 characters long", new string('x', 100_000));
                yield return ("with injection behind a bidi control", "'; DROP TABLE enterprises; --\u202E");
                yield return ("with a zero-width space", "<script>alert(1)</script>\u200B");
                if (field.JsonName.EndsWith("On", StringComparison.Ordinal) || field.JsonName.EndsWith("Date", StringComparison.Ordinal)
                    || field.JsonName is "from" or "to" or "contractFrom" or "contractTo" or "periodStart" or "periodEnd")
                {
                    yield return ("on 30 February", "2026-02-30");
                    yield return ("in the year 1", "0001-01-01");
                    yield return ("in the year 9999", "9999-12-31");
                }

                break;
            case FieldType.Int32 or FieldType.UInt32:
                yield return ("as text", "many");
                yield return ("past int32", 2_147_483_648L);
                yield return ("as a fraction", 1.5);
                break;
            case FieldType.Int64 or FieldType.UInt64:
                yield return ("as text", "a lot");
                yield return ("past int64", JsonNode.Parse("9223372036854775808"));
                yield return ("far below zero", JsonNode.Parse("-1e30"));
                break;
            case FieldType.Bool:
                yield return ("as text", "yes");
                break;
            case FieldType.Enum:
                yield return ("not a value", "NOT_A_VALUE");
                yield return ("as a number out of range", 999);
                break;
            default:
                yield return ("as a number", 5);
                break;
        }
    }

    private static JsonObject Json(object body) => JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(body, System.Text.Json.JsonSerializerOptions.Web))!.AsObject();

    private static HttpRequestMessage Request(string verb, string path, JsonObject? body) =>
        body is null ? new HttpRequestMessage(new HttpMethod(verb), path) : Raw(verb, path, body.ToJsonString(), "application/json");

    private static HttpRequestMessage Raw(string verb, string path, string body, string contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return new HttpRequestMessage(new HttpMethod(verb), path) { Content = content };
    }

    // Every table of every service's file, once the relays have published everything and the subscribers
    // have applied it: two readings a second apart that agree. The outbox counts by its ids (the relay
    // marks rows published), the relay's lease not at all.
    private async Task<Dictionary<string, string>> QuietStoresAsync()
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        var last = await ReadStoresAsync();
        while (true)
        {
            await Task.Delay(1000, TestContext.Current.CancellationToken);
            var now = await ReadStoresAsync();
            if (now.Count == last.Count && now.All(t => last.TryGetValue(t.Key, out var v) && v == t.Value) && !now.ContainsKey("(pending)"))
            {
                return now;
            }

            Assert.True(DateTime.UtcNow < until, "The stores did not settle: " + string.Join(", ", now.Where(t => !last.TryGetValue(t.Key, out var v) || v != t.Value).Select(t => t.Key)));
            last = now;
        }
    }

    private async Task<Dictionary<string, string>> ReadStoresAsync()
    {
        var tables = new Dictionary<string, string>();
        foreach (var file in Directory.GetFiles(_platform.DataDir, "*.db").Order(StringComparer.Ordinal))
        {
            await using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly");
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            var names = new List<string>();
            await using (var list = connection.CreateCommand())
            {
                list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('outbox_lease', 'sqlite_sequence') ORDER BY name";
                await using var reader = await list.ExecuteReaderAsync(TestContext.Current.CancellationToken);
                while (await reader.ReadAsync(TestContext.Current.CancellationToken))
                {
                    names.Add(reader.GetString(0));
                }
            }

            foreach (var name in names)
            {
                await using var read = connection.CreateCommand();
                read.CommandText = name == "outbox" ? "SELECT id, published_at IS NULL AND parked = 0 FROM outbox ORDER BY id" : $"SELECT * FROM \"{name}\" ORDER BY 1";
                await using var reader = await read.ExecuteReaderAsync(TestContext.Current.CancellationToken);
                using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
                var rows = 0;
                while (await reader.ReadAsync(TestContext.Current.CancellationToken))
                {
                    rows++;
                    for (var i = 0; i < reader.FieldCount; i++)
                    {
                        hash.AppendData(Encoding.UTF8.GetBytes((reader.IsDBNull(i) ? "\u0000" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)) + "\u001f"));
                    }

                    if (name == "outbox" && reader.GetInt64(1) == 1)
                    {
                        tables["(pending)"] = "yes";
                    }
                }

                tables[$"{Path.GetFileName(file)}:{name}"] = $"{rows} rows {Convert.ToHexString(hash.GetHashAndReset())}";
            }
        }

        return tables;
    }
}
