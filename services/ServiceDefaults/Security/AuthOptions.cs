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

    // Base64 of at least 32 random bytes; run.sh keeps one in the data folder.
    public string? SigningKey { get; set; }

    // Local mode only: the gateway's POST /api/v1/dev/tokens. Never on where Authority is set.
    public bool EnableDevTokens { get; set; }

    public TimeSpan DevTokenLifetime { get; set; } = TimeSpan.FromHours(8);
}
