using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace FinanceMarket.ServiceDefaults.Security;

public static class AuthExtensions
{
    // Services check the token themselves as well as the gateway: an object-level check needs the caller,
    // and a service reached around the gateway must refuse as the gateway would.
    public static IHostApplicationBuilder AddFinanceMarketAuthentication(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        if (!string.IsNullOrWhiteSpace(options.Authority))
        {
            // Said at start-up, not as a 500 on the first request that needs the issuer's keys.
            var authority = new Uri(options.Authority);
            if (!options.RequireHttpsMetadata && !authority.IsLoopback)
            {
                throw new InvalidOperationException($"{AuthOptions.Section}:RequireHttpsMetadata may be off only for an issuer on this machine (loopback).");
            }

            if (options.RequireHttpsMetadata && authority.Scheme != Uri.UriSchemeHttps)
            {
                throw new InvalidOperationException($"{AuthOptions.Section}:Authority must be an https:// address (the issuer's keys are read from it).");
            }
        }

        builder.Services.AddSingleton(options);
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(jwt =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = ValidationParameters(options);
                if (!string.IsNullOrWhiteSpace(options.Authority))
                {
                    jwt.Authority = options.Authority;
                    jwt.Audience = options.Audience;
                    jwt.RequireHttpsMetadata = options.RequireHttpsMetadata;
                }
            });
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireClaim(Roles.RoleClaim, Roles.Enterprise, Roles.Bank, Roles.Official).Build());
        return builder;
    }

    public static TokenValidationParameters ValidationParameters(AuthOptions options)
    {
        var parameters = new TokenValidationParameters
        {
            ValidAudience = options.Audience,
            NameClaimType = Roles.SubjectClaim,
            RoleClaimType = Roles.RoleClaim,
            ClockSkew = TimeSpan.FromSeconds(30),
        };
        if (!string.IsNullOrWhiteSpace(options.Authority))
        {
            return parameters;
        }

        if (string.IsNullOrWhiteSpace(options.SigningKey))
        {
            throw new InvalidOperationException(
                $"Set {AuthOptions.Section}:Authority (an OpenID Connect issuer) or {AuthOptions.Section}:SigningKey (local mode).");
        }

        parameters.ValidIssuer = AuthOptions.LocalIssuer;
        parameters.IssuerSigningKey = LocalSigningKey(options.SigningKey);
        return parameters;
    }

    public static SymmetricSecurityKey LocalSigningKey(string base64)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            bytes = Encoding.UTF8.GetBytes(base64);
        }

        if (bytes.Length < 32)
        {
            throw new InvalidOperationException($"{AuthOptions.Section}:SigningKey must hold at least 32 bytes.");
        }

        return new SymmetricSecurityKey(bytes);
    }
}
