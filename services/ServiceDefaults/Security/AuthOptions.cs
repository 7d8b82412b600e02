using Microsoft.Extensions.Configuration;

namespace FinanceMarket.ServiceDefaults.Security;

// Bound from "FinanceMarket:Auth". Production names an OpenID Connect issuer (Authority); local mode
// shares one symmetric key between the gateway that mints demo tokens and the services that check them.
public sealed class AuthOptions
{
    public const string Section = "FinanceMarket:Auth";
    public const string LocalIssuer = "financemarket-local";
    public const string DefaultAudience = "financemarket";

    public string? Authority { get; set; }

    public string Audience { get; set; } = DefaultAudience;

    // The issuer's metadata (keys, endpoints) is fetched over HTTPS. Only a test issuer on loopback may turn
    // this off; a token's keys read over plain HTTP could be anyone's.
    public bool RequireHttpsMetadata { get; set; } = true;

    // Gateway only: the public client (authorization code with PKCE, no secret) the web pages sign in as at
    // the Authority. Without it the pages offer no OpenID Connect sign-in.
    public string? PagesClientId { get; set; }

    // Gateway only: what the pages ask the issuer for; the access token must carry role, sub and region.
    public string PagesScope { get; set; } = "openid";

    // Base64 of at least 32 random bytes; run.sh keeps one in the data folder.
    public string? SigningKey { get; set; }

    // A file holding the key instead (run.sh and dapr-run.sh pass this, never the key itself, so that no
    // command line or committed file carries it).
    public string? SigningKeyFile { get; set; }

    // The options of a configuration, with a SigningKeyFile read into SigningKey.
    public static AuthOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<AuthOptions>() ?? new AuthOptions();
        if (string.IsNullOrWhiteSpace(options.SigningKey) && !string.IsNullOrWhiteSpace(options.SigningKeyFile))
        {
            options.SigningKey = File.Exists(options.SigningKeyFile)
                ? File.ReadAllText(options.SigningKeyFile).Trim()
                : throw new InvalidOperationException($"{Section}:SigningKeyFile names {Path.GetFullPath(options.SigningKeyFile)}, which does not exist.");
        }

        return options;
    }

    // Local mode only: the gateway's POST /api/v1/dev/tokens. Never on where Authority is set.
    public bool EnableDevTokens { get; set; }

    public TimeSpan DevTokenLifetime { get; set; } = TimeSpan.FromHours(8);
}
