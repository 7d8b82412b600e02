using FinanceMarket.ServiceDefaults.Security;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace FinanceMarket.Gateway;

// GET /api/v1/auth/config: how the web pages may sign a user in. In local mode, with the demo tokens; with an
// OpenID Connect issuer and a pages client, by the authorization code flow with PKCE, at the endpoints of the
// issuer's discovery document (the one the gateway reads the issuer's signing keys from).
internal static class PagesSignIn
{
    public sealed record OpenIdConnectSignIn(
        string Issuer, string ClientId, string Scope, string AuthorizationEndpoint, string TokenEndpoint, string? EndSessionEndpoint);

    public sealed record SignInConfig(bool DemoTokens, OpenIdConnectSignIn? OpenIdConnect);

    // The pages' Content-Security-Policy admits this origin for the token request and nothing else of the issuer's.
    public static string? IssuerOrigin(AuthOptions options) =>
        IsConfigured(options) ? new Uri(options.Authority!).GetLeftPart(UriPartial.Authority) : null;

    private static bool IsConfigured(AuthOptions options) =>
        !string.IsNullOrWhiteSpace(options.Authority) && !string.IsNullOrWhiteSpace(options.PagesClientId);

    public static void MapPagesSignIn(this WebApplication app)
    {
        app.MapGet("/api/v1/auth/config", async (AuthOptions options, IOptionsMonitor<JwtBearerOptions> jwt, ILoggerFactory logs, HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "no-store";
            if (!IsConfigured(options))
            {
                return Results.Ok(new SignInConfig(options.EnableDevTokens, null));
            }

            var logger = logs.CreateLogger(typeof(PagesSignIn));
            Microsoft.IdentityModel.Protocols.OpenIdConnect.OpenIdConnectConfiguration discovery;
            try
            {
                discovery = await jwt.Get(JwtBearerDefaults.AuthenticationScheme).ConfigurationManager!.GetConfigurationAsync(http.RequestAborted);
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException or HttpRequestException)
            {
                logger.LogWarning(ex, "The issuer's discovery document could not be read for the pages' sign-in");
                return Unavailable("The sign-in service (OpenID Connect issuer) did not answer; try again shortly.");
            }

            if (string.IsNullOrEmpty(discovery.Issuer) || !Uri.TryCreate(discovery.AuthorizationEndpoint, UriKind.Absolute, out _))
            {
                logger.LogError("The issuer's discovery document names no issuer or no authorization endpoint");
                return Unavailable("Sign-in is misconfigured: the issuer's discovery document names no issuer or no authorization endpoint.");
            }

            if (!Uri.TryCreate(discovery.TokenEndpoint, UriKind.Absolute, out var tokenEndpoint) ||
                tokenEndpoint.GetLeftPart(UriPartial.Authority) != IssuerOrigin(options))
            {
                // The pages may call only the origins their policy names; a token endpoint elsewhere would be refused
                // by the browser after the user had signed in at the issuer.
                logger.LogError("The issuer's token endpoint {TokenEndpoint} is not on the Authority's origin {Origin}", discovery.TokenEndpoint, IssuerOrigin(options));
                return Unavailable("Sign-in is misconfigured: the issuer's token endpoint is not on the Authority's origin.");
            }

            return Results.Ok(new SignInConfig(false, new OpenIdConnectSignIn(
                discovery.Issuer, options.PagesClientId!, options.PagesScope, discovery.AuthorizationEndpoint, discovery.TokenEndpoint,
                string.IsNullOrEmpty(discovery.EndSessionEndpoint) ? null : discovery.EndSessionEndpoint)));
        }).AllowAnonymous();
    }

    private static IResult Unavailable(string message) =>
        Results.Json(new { code = 14, message }, statusCode: StatusCodes.Status503ServiceUnavailable);
}
