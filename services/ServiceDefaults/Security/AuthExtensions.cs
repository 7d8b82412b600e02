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
        var options = AuthOptions.From(builder.Configuration);
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
                // Why a token failed (expired, wrong issuer, bad signature) helps whoever forges one; only
                // local mode, on this machine, says it in WWW-Authenticate.
                jwt.IncludeErrorDetails = string.IsNullOrWhiteSpace(options.Authority);
                jwt.Events = new JwtBearerEvents
                {
                    OnTokenValidated = context =>
                    {
                        if (TokenClaims.Problem(context.Principal!) is { } problem)
                        {
                            context.Fail(problem);
                        }

                        return Task.CompletedTask;
                    },
                    OnChallenge = context =>
                    {
                        if (!GrpcStatusAnswer.IsGrpc(context.Request))
                        {
                            return Task.CompletedTask;
                        }

                        context.HandleResponse();
                        GrpcStatusAnswer.Write(context.Response, 16, "A valid token is required (Authorization: Bearer <JWT>).");
                        return Task.CompletedTask;
                    },
                    OnForbidden = context =>
                    {
                        if (GrpcStatusAnswer.IsGrpc(context.Request))
                        {
                            GrpcStatusAnswer.Write(context.Response, 7, "This token's role may not call the platform.");
                        }

                        return Task.CompletedTask;
                    },
                };
                if (!string.IsNullOrWhiteSpace(options.Authority))
                {
                    jwt.Authority = options.Authority;
                    jwt.Audience = options.Audience;
                    jwt.RequireHttpsMetadata = options.RequireHttpsMetadata;
                }
            });
        builder.Services.AddAuthorizationBuilder().SetFallbackPolicy(RolesPolicy(Roles.Enterprise, Roles.Bank, Roles.Official, Roles.Operator));
        return builder;
    }

    // A data provider's token opens only what takes credit data (the credit service, and the gateway in front of
    // it): every other service refuses the role before any of its code runs, so no check written for the four
    // other roles can let a provider through by falling into another role's branch.
    public static IHostApplicationBuilder AcceptDataProviders(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<AuthorizationOptions>(o => o.FallbackPolicy = RolesPolicy(Roles.Enterprise, Roles.Bank, Roles.Official, Roles.Operator, Roles.Provider));
        return builder;
    }

    private static AuthorizationPolicy RolesPolicy(params string[] roles) =>
        new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireClaim(Roles.RoleClaim, roles).Build();

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
            // Pinned to the issuer's asymmetric algorithms: a token signed with "none" or with HMAC over the
            // issuer's public key is refused whatever its header says.
            parameters.ValidAlgorithms =
            [
                SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
                SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
                SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
            ];
            return parameters;
        }

        if (string.IsNullOrWhiteSpace(options.SigningKey))
        {
            throw new InvalidOperationException(
                $"Set {AuthOptions.Section}:Authority (an OpenID Connect issuer) or {AuthOptions.Section}:SigningKey (local mode).");
        }

        parameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
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
