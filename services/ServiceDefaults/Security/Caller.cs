using System.Diagnostics.CodeAnalysis;
using System.Security.Claims;
using Grpc.Core;

namespace FinanceMarket.ServiceDefaults.Security;

// Who is calling, read once from the validated token; every object-level check asks this.
public sealed record Caller(string Role, string Subject, string? Region)
{
    public bool IsEnterprise => Role == Roles.Enterprise;

    public bool IsBank => Role == Roles.Bank;

    public bool IsOfficial => Role == Roles.Official;

    public bool IsOperator => Role == Roles.Operator;

    public bool IsProvider => Role == Roles.Provider;

    // An official sees records whose region code starts with the official's region ("1309" sees "130903").
    public bool Covers(string regionCode) => IsOfficial && Region is { Length: > 0 } r && regionCode.StartsWith(r, StringComparison.Ordinal);

    public static Caller From(ServerCallContext context)
    {
        var user = context.GetHttpContext().User;
        var role = user.FindFirstValue(Roles.RoleClaim);
        var subject = user.FindFirstValue(Roles.SubjectClaim);
        if (!Roles.IsKnown(role) || string.IsNullOrEmpty(subject))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "A token with a role (enterprise, bank, official, operator, provider) and a subject is required."));
        }

        var region = user.FindFirstValue(Roles.RegionClaim);
        if (role is Roles.Official or Roles.Provider && string.IsNullOrEmpty(region))
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"An {(role == Roles.Official ? "official" : "data provider")}'s token must carry a region claim."));
        }

        return new Caller(role!, subject, region);
    }

    [DoesNotReturn]
    public static void Deny(string why) => throw new Domain.ForbiddenException(why);

    // The region an official asks to read: the one named (a code or prefix) or, by default, the official's
    // own; refused when malformed or outside the official's region.
    public string RegionToRead(string? requested, string action)
    {
        RequireOfficial(action);
        var region = string.IsNullOrEmpty(requested) ? Region! : requested;
        if (!Domain.RegionCode.IsPrefix(region))
        {
            Validation.Violations.Fail("regionCode", Domain.RegionCode.PrefixProblem(region)!);
        }

        if (!Covers(region))
        {
            Deny($"Region {region} is outside this official's region {Region}.");
        }

        return region;
    }

    // A record about one enterprise's loan: the enterprise reads it, the bank it concerns, and officials of
    // the enterprise's region.
    public bool MayRead(string uscc, string bankId, string regionCode) => Role switch
    {
        Roles.Enterprise => Domain.UnifiedSocialCreditCode.Normalize(Subject) == uscc,
        Roles.Bank => Subject == bankId,
        _ => Covers(regionCode),
    };

    public void RequireOfficial(string action)
    {
        if (!IsOfficial)
        {
            Deny($"Only an official may {action}.");
        }
    }
}
