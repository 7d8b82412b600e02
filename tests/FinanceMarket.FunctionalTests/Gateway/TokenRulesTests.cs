using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using FinanceMarket.Enterprises.V1;
using FinanceMarket.TestInfrastructure;
using FinanceMarket.ServiceDefaults.Security;
using Grpc.Core;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FinanceMarket.FunctionalTests.Gateway;

// A token signed with the platform's own key is still refused when what it says cannot be read one way: a
// claim given twice, a region that is no region code, an algorithm other than the one the platform signs
// with. The local-mode endpoints answer only this machine by name.
public sealed class TokenRulesTests(Platform platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> Forged => new()
    {
        { "role given twice (first value official)", """{"sub":"x","role":["official","bank"],"region":"130903"}""" },
        { "region given twice", """{"sub":"x","role":"official","region":["130903","11"]}""" },
        { "region of one digit (five provinces by prefix)", """{"sub":"x","role":"official","region":"1"}""" },
        { "region that is not digits", """{"sub":"x","role":"official","region":"13090A"}""" },
        { "official without a region", """{"sub":"x","role":"official"}""" },
        { "unknown role", """{"sub":"x","role":"admin"}""" },
        { "no subject", """{"role":"bank"}""" },
    };

    [Theory]
    [MemberData(nameof(Forged))]
    public async Task A_signed_token_whose_claims_cannot_be_read_one_way_is_refused(string why, string claims)
    {
        using var http = platform.Rest(Sign(claims));
        using var response = await http.GetAsync("/api/v1/enterprises?regionCode=130903", Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, why);
    }

    [Fact]
    public async Task A_token_signed_with_another_algorithm_than_the_platform_s_is_refused()
    {
        var claims = """{"sub":"x","role":"official","region":"130903"}""";
        using (var good = platform.Rest(Sign(claims)))
        {
            Assert.Equal(HttpStatusCode.OK, (await good.GetAsync("/api/v1/enterprises?regionCode=130903", Cancel)).StatusCode);
        }

        using var hs384 = platform.Rest(Sign(claims, SecurityAlgorithms.HmacSha384));
        Assert.Equal(HttpStatusCode.Unauthorized, (await hs384.GetAsync("/api/v1/enterprises?regionCode=130903", Cancel)).StatusCode);

        var unsigned = new JsonWebTokenHandler().CreateToken(Descriptor(claims, signing: null));
        using var none = platform.Rest(unsigned);
        Assert.Equal(HttpStatusCode.Unauthorized, (await none.GetAsync("/api/v1/enterprises?regionCode=130903", Cancel)).StatusCode);
    }

    [Fact]
    public async Task A_grpc_call_without_a_token_gets_unauthenticated_as_a_grpc_status()
    {
        using var channel = platform.Grpc();
        var registry = new EnterpriseRegistry.EnterpriseRegistryClient(channel);
        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            registry.GetEnterpriseAsync(new GetEnterpriseRequest { Uscc = TestData.NewUscc() }, cancellationToken: Cancel).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);

        var forged = await Assert.ThrowsAsync<RpcException>(() => registry.GetEnterpriseAsync(
            new GetEnterpriseRequest { Uscc = TestData.NewUscc() }, Platform.Bearer(Sign("""{"sub":"x","role":"official","region":"1"}""")), cancellationToken: Cancel).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, forged.StatusCode);
    }

    [Theory]
    [InlineData("attacker.example")]
    [InlineData("attacker.example:8080")]
    [InlineData("127.0.0.1.nip.io")]
    public async Task Demo_tokens_are_refused_to_a_request_that_names_another_host(string host)
    {
        using var http = platform.Rest();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/dev/tokens")
        {
            Content = JsonContent.Create(new { role = "official", subject = "x", region = "13" }),
        };
        request.Headers.Host = host;
        using var response = await http.SendAsync(request, Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("token\"", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);

        using var local = new HttpRequestMessage(HttpMethod.Post, "/api/v1/dev/tokens")
        {
            Content = JsonContent.Create(new { role = "official", subject = "x", region = "13" }),
        };
        local.Headers.Host = "localhost";
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(local, Cancel)).StatusCode);
    }

    [Fact]
    public async Task The_operator_is_a_role_demo_tokens_issue_and_it_sees_no_enterprise()
    {
        using var http = platform.Rest(await platform.TokenAsync("operator", "ops-1"));
        using var response = await http.GetAsync("/api/v1/enterprises?regionCode=130903", Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private string Sign(string claimsJson, string algorithm = SecurityAlgorithms.HmacSha256) =>
        new JsonWebTokenHandler().CreateToken(Descriptor(claimsJson, new SigningCredentials(AuthExtensions.LocalSigningKey(platform.SigningKey), algorithm)));

    private static SecurityTokenDescriptor Descriptor(string claimsJson, SigningCredentials? signing)
    {
        var claims = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, object>>(claimsJson)!;
        var now = DateTime.UtcNow;
        return new SecurityTokenDescriptor
        {
            Issuer = AuthOptions.LocalIssuer,
            Audience = AuthOptions.DefaultAudience,
            Claims = claims,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(10),
            SigningCredentials = signing,
        };
    }
}
