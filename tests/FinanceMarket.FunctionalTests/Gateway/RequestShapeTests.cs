using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using FinanceMarket.TestInfrastructure;

namespace FinanceMarket.FunctionalTests.Gateway;

// What the body of a request may be, checked against the method's own message before anything reads it:
// JSON in UTF-8 (415 otherwise, and the connection stays usable), each key a field given once, each value
// of its field's type, no invisible formatting characters anywhere, dates within bounds, and an action
// whose fields are all optional may come without a body. Nothing refused is stored.
public sealed class RequestShapeTests(Platform platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("application/json; charset=ebcdic")]
    [InlineData("application/json; charset=\"\"")]
    [InlineData("application/json; charset=utf-16")]
    [InlineData("application/xml")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("text/plain")]
    public async Task A_body_that_is_not_utf8_json_gets_415_and_the_connection_answers_the_next_request(string contentType)
    {
        using var official = platform.Rest(await platform.OfficialAsync("13"));
        var bankId = TestData.NewBankId();
        for (var round = 0; round < 3; round++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/banks")
            {
                Content = new ByteArrayContent(Encoding.UTF8.GetBytes($$"""{"bankId":"{{bankId}}","name":"Bank"}""")),
            };
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            using var response = await official.SendAsync(request, Cancel);
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancel))!.AsObject();
            Assert.Equal(["Content-Type"], body.ViolatedFields());

            // The same keep-alive connection answers what comes next.
            Assert.Equal(HttpStatusCode.OK, (await official.GetAsync("/api/v1/banks", Cancel)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await official.GetJsonAsync($"/api/v1/banks/{bankId}")).Status);
    }

    public static TheoryData<string, string, string> Malformed => new()
    {
        { "a key given twice (the last used to win)", """{"bankId":"{id}","bankId":"other-{id}","name":"Bank"}""", "bankId" },
        { "a key twice by its two names", """{"bankId":"{id}","bank_id":"other-{id}","name":"Bank"}""", "bankId" },
        { "an unknown field", """{"bankId":"{id}","name":"Bank","isAdmin":true}""", "isAdmin" },
        { "a number for a string", """{"bankId":5,"name":"Bank"}""", "bankId" },
        { "an object for a string", """{"bankId":"{id}","name":{"zh":"银行"}}""", "name" },
        { "right-to-left override in a name", "{\"bankId\":\"{id}\",\"name\":\"Bank\u202Eknab\"}", "name" },
        { "zero-width space in a name", "{\"bankId\":\"{id}\",\"name\":\"Bank\u200Bof Cangzhou\"}", "name" },
        { "isolate in an identifier", "{\"bankId\":\"{id}\u2066\",\"name\":\"Bank\"}", "bankId" },
        { "a final newline in an identifier", "{\"bankId\":\"{id}\\n\",\"name\":\"Bank\"}", "bankId" },
        { "an array for the body", """[{"bankId":"{id}","name":"Bank"}]""", "(body)" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task A_body_that_cannot_be_read_one_way_gets_400_naming_the_field_and_nothing_is_stored(string why, string json, string field)
    {
        using var official = platform.Rest(await platform.OfficialAsync("13"));
        var bankId = TestData.NewBankId();
        using var content = new StringContent(json.Replace("{id}", bankId, StringComparison.Ordinal), Encoding.UTF8, "application/json");
        using var response = await official.PostAsync("/api/v1/banks", content, Cancel);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancel))!.AsObject();

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{why}: {(int)response.StatusCode} {body.ToJsonString()}");
        Assert.Contains(field, body.ViolatedFields());
        Assert.Equal(HttpStatusCode.NotFound, (await official.GetJsonAsync($"/api/v1/banks/{bankId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await official.GetJsonAsync($"/api/v1/banks/other-{bankId}")).Status);
    }

    [Theory]
    [InlineData("minAmountFen", "99999999999999999999999")]
    [InlineData("minTermMonths", "3000000000")]
    [InlineData("minTermMonths", "1.5")]
    [InlineData("minTermMonths", "\"twelve\"")]
    [InlineData("kind", "\"MORTGAGE_OR_WHATEVER\"")]
    [InlineData("eligibility.sizeClasses", "\"MICRO\"")]
    public async Task A_number_or_enum_out_of_its_type_is_named(string field, string json)
    {
        var bankId = await platform.CreateBankAsync();
        using var bank = platform.Rest(await platform.TokenAsync("bank", bankId));
        var product = Api.Product();
        var path = field.Split('.');
        var target = path.Length == 2 ? product[path[0]]!.AsObject() : product;
        target[path[^1]] = JsonNode.Parse(json);

        var (status, body) = await bank.SendJsonAsync($"/api/v1/banks/{bankId}/products", product);

        Assert.True(status == HttpStatusCode.BadRequest, body.ToJsonString());
        Assert.Contains(field, body.ViolatedFields());
        var (_, shelf) = await bank.GetJsonAsync($"/api/v1/products?bankId={bankId}");
        Assert.Empty(shelf["products"]!.AsArray());
    }

    [Fact]
    public async Task An_action_without_a_body_is_read_as_one_with_no_fields()
    {
        using var official = platform.Rest(await platform.OfficialAsync("13"));
        // No Content-Type, no body: the claim is unknown (404), not a 400 about the content type.
        using var response = await official.PostAsync($"/api/v1/subsidy-claims/{Guid.CreateVersion7()}:approve", content: null, Cancel);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("0001-01-01", "2026-12-31", "contractFrom")]
    [InlineData("1999-12-31", "2026-12-31", "contractFrom")]
    [InlineData("2026-01-01", "9999-12-31", "contractTo")]
    public async Task A_programme_window_outside_sane_dates_is_refused(string from, string to, string field)
    {
        using var official = platform.Rest(await platform.OfficialAsync("130903"));
        var name = "Window " + Guid.NewGuid().ToString("N")[..8];
        var (status, body) = await official.SendJsonAsync("/api/v1/subsidy-programs", new
        {
            name, rateBp = 100, maxPrincipalFen = 100_000_000, maxMonths = 12, budgetFen = 1_000_000_000,
            contractFrom = from, contractTo = to, regionCode = "130903",
        });

        Assert.True(status == HttpStatusCode.BadRequest, body.ToJsonString());
        Assert.Contains(field, body.ViolatedFields());
        var token = "";
        do
        {
            var (_, page) = await official.GetJsonAsync($"/api/v1/subsidy-programs?regionCode=130903&pageSize=100&pageToken={Uri.EscapeDataString(token)}");
            Assert.DoesNotContain(page["programs"]?.AsArray() ?? [], p => (string?)p!["name"] == name);
            token = (string?)page["nextPageToken"] ?? "";
        }
        while (token.Length > 0);
    }

    [Fact]
    public async Task Hidden_characters_in_a_route_or_query_value_are_named()
    {
        using var official = platform.Rest(await platform.OfficialAsync("13"));
        var (status, body) = await official.GetJsonAsync("/api/v1/banks/icbc%E2%80%AE");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["bankId"], body.ViolatedFields());

        (status, body) = await official.GetJsonAsync("/api/v1/enterprises?regionCode=130903%E2%80%8B");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("regionCode", body.ViolatedFields());
    }

    // Bytes that are no RegisterEnterpriseRequest (a length-delimited field cut short; a field of the wrong
    // wire type) are INVALID_ARGUMENT over gRPC, as a bad JSON body is over REST.
    [Theory]
    [InlineData(new byte[] { 0x0A, 0xFF })]
    [InlineData(new byte[] { 0x0A, 0x05, 0x41 })]
    [InlineData(new byte[] { 0x0F })]
    public async Task A_grpc_message_that_does_not_parse_gets_invalid_argument(byte[] message)
    {
        using var channel = platform.Grpc();
        var raw = new Grpc.Core.Method<byte[], byte[]>(Grpc.Core.MethodType.Unary, "financemarket.enterprises.v1.EnterpriseRegistry", "RegisterEnterprise",
            Grpc.Core.Marshallers.Create(b => b, b => b), Grpc.Core.Marshallers.Create(b => b, b => b));
        var call = channel.CreateCallInvoker().AsyncUnaryCall(raw, null,
            new Grpc.Core.CallOptions(Platform.Bearer(await platform.TokenAsync("enterprise", TestData.NewUscc())), cancellationToken: Cancel), message);

        var refused = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => call.ResponseAsync);
        Assert.Equal(Grpc.Core.StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Contains("RegisterEnterpriseRequest", refused.Status.Detail, StringComparison.Ordinal);
    }
}
