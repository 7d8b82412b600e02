using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FinanceMarket.ServiceDefaults.Security;

// Mints the demo tokens of local mode with the shared key; production tokens come from the issuer.
public sealed class LocalTokenIssuer(AuthOptions options, TimeProvider time)
{
    public string Issue(string role, string subject, string? region)
    {
        if (string.IsNullOrWhiteSpace(options.SigningKey))
        {
            throw new InvalidOperationException("Local tokens need FinanceMarket:Auth:SigningKey.");
        }

        var claims = new List<Claim> { new(Roles.SubjectClaim, subject), new(Roles.RoleClaim, role) };
        if (!string.IsNullOrEmpty(region))
        {
            claims.Add(new Claim(Roles.RegionClaim, region));
        }

        var now = time.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = AuthOptions.LocalIssuer,
            Audience = options.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + options.DevTokenLifetime,
            SigningCredentials = new SigningCredentials(AuthExtensions.LocalSigningKey(options.SigningKey), SecurityAlgorithms.HmacSha256),
        });
    }
}
