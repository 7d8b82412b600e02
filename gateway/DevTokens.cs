using FinanceMarket.Domain;
using FinanceMarket.ServiceDefaults.Security;
using FinanceMarket.ServiceDefaults.Validation;

namespace FinanceMarket.Gateway;

// POST /api/v1/dev/tokens: demo tokens for local mode. Mapped only when the launcher turns it on, and
// refused at start-up where an external issuer is configured.
internal static class DevTokens
{
    public sealed record TokenRequest(string? Role, string? Subject, string? Region);

    public sealed record TokenResponse(string Token, string Role, string Subject, string? Region, DateTimeOffset ExpiresAt);

    public static void MapDevTokens(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<AuthOptions>();
        if (!options.EnableDevTokens)
        {
            return;
        }

        if (!string.IsNullOrWhiteSpace(options.Authority))
        {
            throw new InvalidOperationException("Demo tokens cannot be enabled where an external issuer (Authority) is configured.");
        }

        // Anyone who reaches this endpoint can mint an official's token: only this machine may reach it.
        if (!System.Net.IPAddress.IsLoopback(System.Net.IPAddress.Parse(app.Services.GetRequiredService<GatewayOptions>().BindAddress)))
        {
            throw new InvalidOperationException("Demo tokens are served only on a loopback address (FinanceMarket:Gateway:BindAddress).");
        }

        app.MapPost("/api/v1/dev/tokens", (TokenRequest? request, LocalTokenIssuer issuer) =>
        {
            var violations = new Violations();
            violations.Require(Roles.IsKnown(request?.Role), "role", Reasons.NotOneOf, "must be enterprise, bank, official, operator or provider",
                ("allowed", "enterprise,bank,official,operator,provider"));
            violations.Text("subject", request?.Subject, 100);
            if (request?.Role is Roles.Official or Roles.Provider)
            {
                violations.Require(RegionCode.IsPrefix(request.Region), "region", Reasons.RegionPrefix, $"an {request.Role} needs a region code or its 2- or 4-digit prefix (\"130903\")");
            }

            if (violations.Any)
            {
                return Invalid(violations);
            }

            var region = request!.Role is Roles.Official or Roles.Provider ? request.Region : null;
            var subject = request.Subject!.Trim();
            return Results.Ok(new TokenResponse(issuer.Issue(request.Role!, subject, region), request.Role!, subject, region, TimeProvider.System.GetUtcNow() + options.DevTokenLifetime));
        }).AllowAnonymous().RequireLoopbackClient().DisableRateLimiting();

        app.MapDevClock();
    }

    // The same shape JSON transcoding gives a service's INVALID_ARGUMENT, so clients parse one format.
    public static IResult Invalid(Violations violations) => JsonRequestGuard.Invalid(violations);
}
