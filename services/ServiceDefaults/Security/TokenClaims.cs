using System.Security.Claims;

namespace FinanceMarket.ServiceDefaults.Security;

// What a signed token must say, beyond its signature: one role the platform knows, one subject, and for an
// official one region that is a region code or its 2- or 4-digit prefix. A claim given twice (a JSON array)
// is refused rather than read by its first value, and a region such as "1" (which would cover five
// provinces by prefix) is no region.
public static class TokenClaims
{
    public static string? Problem(ClaimsPrincipal principal)
    {
        foreach (var name in new[] { Roles.RoleClaim, Roles.SubjectClaim, Roles.RegionClaim })
        {
            if (principal.FindAll(name).Skip(1).Any())
            {
                return $"the token's '{name}' claim must be a single value";
            }
        }

        var role = principal.FindFirstValue(Roles.RoleClaim);
        if (!Roles.IsKnown(role))
        {
            return "the token's 'role' must be enterprise, bank, official, operator or provider";
        }

        if (string.IsNullOrWhiteSpace(principal.FindFirstValue(Roles.SubjectClaim)))
        {
            return "the token has no subject ('sub')";
        }

        var region = principal.FindFirstValue(Roles.RegionClaim);
        if (region is not null && !Domain.RegionCode.IsPrefix(region))
        {
            return "the token's 'region' must be a region code or its 2- or 4-digit prefix";
        }

        return role is Roles.Official or Roles.Provider && region is null ? $"an {role}'s token must carry a region" : null;
    }
}
