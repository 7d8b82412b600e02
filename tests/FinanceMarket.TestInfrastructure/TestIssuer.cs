using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FinanceMarket.TestInfrastructure;

// An OpenID Connect issuer on loopback, as small as the pages' sign-in needs and as strict as a real one:
// discovery, JWKS (RS256), a login form at the authorization endpoint, the code flow with PKCE (S256 only,
// codes single-use and bound to client, redirect and verifier), CORS on the token endpoint for the registered
// origin only, and an end-session endpoint. Accounts carry the claims the platform reads (role, sub, region).
public sealed class TestIssuer : IAsyncDisposable
{
    public const string Audience = "financemarket";

    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "test-" + Guid.NewGuid().ToString("N")[..8] };
    private readonly ConcurrentDictionary<string, Account> _accounts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Grant> _codes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Grant> _refreshTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _signOuts = new();
    private readonly ConcurrentDictionary<string, bool> _renewedTokens = new(StringComparer.Ordinal);
    private ServiceHost _host = null!;
    private Client? _client;

    private sealed record Account(string Password, IReadOnlyDictionary<string, string> Claims, TimeSpan Lifetime, bool WrongNonce);

    private sealed record Client(string ClientId, Uri RedirectUri, Uri PostLogoutRedirectUri);

    private sealed record Grant(string ClientId, string RedirectUri, string Challenge, string? Nonce, Account Account);

    public string Address { get; private set; } = "";

    public int Redeemed => _redeemed;

    public int Renewed => _renewed;

    private int _redeemed;
    private int _renewed;

    public IReadOnlyCollection<string> SignOuts => _signOuts;

    // Whether this access token was issued for a refresh token (not for a sign-in's code).
    public bool IssuedByRenewal(string accessToken) => _renewedTokens.ContainsKey(accessToken);

    public static async Task<TestIssuer> StartAsync()
    {
        var issuer = new TestIssuer();
        issuer._host = await ServiceHost.StartAsync(issuer.Build, AppContext.BaseDirectory, new Dictionary<string, string?>());
        issuer.Address = issuer._host.Address;
        return issuer;
    }

    // The pages' public client: the one redirect and post-logout address it may use (exact match, as issuers require).
    public void RegisterClient(string clientId, string pagesOrigin) =>
        _client = new Client(clientId, new Uri(pagesOrigin + "/signin-callback"), new Uri(pagesOrigin + "/"));

    // Access tokens live tokenLifetime (10 minutes unless told): a short one makes the pages renew it. An empty
    // role writes no role claim, and wrongNonce answers with an ID token for another sign-in, as a misconfigured
    // or hostile issuer might.
    public void AddAccount(string username, string password, string role, string subject, string? region = null, TimeSpan? tokenLifetime = null, bool wrongNonce = false)
    {
        var claims = new Dictionary<string, string> { ["sub"] = subject };
        if (role.Length > 0)
        {
            claims["role"] = role;
        }

        if (region is not null)
        {
            claims["region"] = region;
        }

        _accounts[username] = new Account(password, claims, tokenLifetime ?? TimeSpan.FromMinutes(10), wrongNonce);
    }

    private WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Address,
            ["authorization_endpoint"] = Address + "/authorize",
            ["token_endpoint"] = Address + "/token",
            ["end_session_endpoint"] = Address + "/logout",
            ["jwks_uri"] = Address + "/jwks",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
        }));
        app.MapGet("/jwks", () =>
        {
            var publicKey = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(_key.Rsa.ExportParameters(false)) { KeyId = _key.KeyId });
            return Results.Json(new { keys = new[] { new { kty = publicKey.Kty, use = "sig", alg = "RS256", kid = publicKey.Kid, n = publicKey.N, e = publicKey.E } } });
        });
        app.MapGet("/authorize", (HttpRequest request) => Authorize(request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()), null));
        app.MapPost("/authorize", async (HttpRequest request) =>
        {
            var form = (await request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString());
            return Authorize(form, form);
        });
        app.MapPost("/token", (Func<HttpContext, Task<IResult>>)Token);
        app.MapMethods("/token", ["OPTIONS"], (HttpContext http) =>
        {
            AllowOrigin(http);
            return Results.NoContent();
        });
        app.MapGet("/logout", (HttpRequest request) =>
        {
            var target = request.Query["post_logout_redirect_uri"].ToString();
            if (_client is null || target != _client.PostLogoutRedirectUri.ToString())
            {
                return Results.BadRequest("unknown post_logout_redirect_uri");
            }

            _signOuts.Enqueue(request.Query["id_token_hint"].ToString());
            return Results.Redirect(target);
        });
        return app;
    }

    // GET shows the login form; POST (the form) checks the password and sends the code to the registered redirect.
    private IResult Authorize(Dictionary<string, string> query, Dictionary<string, string>? login)
    {
        string Get(string name) => query.TryGetValue(name, out var value) ? value : "";

        // A wrong client or redirect never gets a redirect back: that would hand the code to anyone's address.
        if (_client is null || Get("client_id") != _client.ClientId || Get("redirect_uri") != _client.RedirectUri.ToString())
        {
            return Results.BadRequest("unknown client_id or redirect_uri");
        }

        if (Get("response_type") != "code" || Get("code_challenge_method") != "S256" || Get("code_challenge").Length < 43 || !Get("scope").Split(' ').Contains("openid"))
        {
            return Results.Redirect(With(Get("redirect_uri"), ("error", "invalid_request"), ("state", Get("state"))));
        }

        string? problem = null;
        if (login is not null)
        {
            if (_accounts.TryGetValue(Get("username"), out var account) && account.Password == Get("password"))
            {
                var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
                _codes[code] = new Grant(Get("client_id"), Get("redirect_uri"), Get("code_challenge"), query.GetValueOrDefault("nonce"), account);
                return Results.Redirect(With(Get("redirect_uri"), ("code", code), ("state", Get("state"))));
            }

            problem = "Wrong username or password.";
        }

        var hidden = string.Concat(query.Where(q => q.Key is not ("username" or "password"))
            .Select(q => $"<input type=\"hidden\" name=\"{WebUtility.HtmlEncode(q.Key)}\" value=\"{WebUtility.HtmlEncode(q.Value)}\">"));
        var html = $"""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test issuer sign-in</title></head><body>
            <h1>Test issuer</h1>{(problem is null ? "" : $"<p role=\"alert\">{problem}</p>")}
            <form method="post" action="/authorize">{hidden}
            <label>Username <input name="username" autocomplete="username"></label>
            <label>Password <input name="password" type="password" autocomplete="current-password"></label>
            <button type="submit">Sign in</button></form></body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8");
    }

    private async Task<IResult> Token(HttpContext http)
    {
        AllowOrigin(http);
        var form = await http.Request.ReadFormAsync();
        string Get(string name) => form[name].ToString();
        Grant? grant;
        if (Get("grant_type") == "refresh_token")
        {
            // Rotated: a refresh token works once, for the client it was issued to.
            if (!_refreshTokens.TryRemove(Get("refresh_token"), out grant) || grant.ClientId != Get("client_id"))
            {
                return Refuse("invalid_grant", "unknown or used refresh token");
            }

            Interlocked.Increment(ref _renewed);
            return Tokens(grant with { Nonce = null }, renewal: true);
        }

        if (Get("grant_type") != "authorization_code" || !_codes.TryRemove(Get("code"), out grant))
        {
            return Refuse("invalid_grant", "unknown or used code");
        }

        var verifierHash = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(Get("code_verifier"))));
        if (grant.ClientId != Get("client_id") || grant.RedirectUri != Get("redirect_uri") || verifierHash != grant.Challenge)
        {
            return Refuse("invalid_grant", "the code was issued to another client, redirect or verifier");
        }

        Interlocked.Increment(ref _redeemed);
        return Tokens(grant);
    }

    private IResult Tokens(Grant grant, bool renewal = false)
    {
        var refresh = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        _refreshTokens[refresh] = grant;
        var lifetime = grant.Account.Lifetime;
        var access = Sign(Audience, grant.Account.Claims, nonce: null, lifetime);
        var identity = Sign(grant.ClientId, grant.Account.Claims, grant.Account.WrongNonce ? "another-sign-in" : grant.Nonce, lifetime);
        if (renewal)
        {
            _renewedTokens[access] = true;
        }

        return Results.Json(new { access_token = access, id_token = identity, refresh_token = refresh, token_type = "Bearer", expires_in = (int)lifetime.TotalSeconds });
    }

    // An access token as a real issuer mints it for this platform: RS256, its own issuer, the platform's audience.
    public string Sign(string audience, IReadOnlyDictionary<string, string> claims, string? nonce, TimeSpan? lifetime = null)
    {
        // A token id, as issuers write one: RS256 signatures are deterministic, so two tokens of one second
        // would otherwise be the same string.
        var subject = new ClaimsIdentity(claims.Select(c => new Claim(c.Key, c.Value)).Append(new Claim("jti", Guid.NewGuid().ToString("N"))));
        if (nonce is not null)
        {
            subject.AddClaim(new Claim("nonce", nonce));
        }

        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Address,
            Audience = audience,
            Subject = subject,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + (lifetime ?? TimeSpan.FromMinutes(10)),
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
        });
    }

    private void AllowOrigin(HttpContext http)
    {
        if (_client is not null && http.Request.Headers.Origin.ToString() == _client.RedirectUri.GetLeftPart(UriPartial.Authority))
        {
            http.Response.Headers.AccessControlAllowOrigin = http.Request.Headers.Origin.ToString();
        }
    }

    private static IResult Refuse(string error, string description) =>
        Results.Json(new { error, error_description = description }, statusCode: StatusCodes.Status400BadRequest);

    private static string With(string address, params (string Name, string Value)[] parameters) =>
        address + (address.Contains('?', StringComparison.Ordinal) ? "&" : "?") +
        string.Join("&", parameters.Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value)}"));

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
