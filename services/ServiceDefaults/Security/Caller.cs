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

    // An official sees records whose region code starts with the official's region ("1309" sees "130903").
    public bool Covers(string regionCode) => IsOfficial && Region is { Length: > 0 } r && regionCode.StartsWith(r, StringComparison.Ordinal);

    public static Caller From(ServerCallContext context)
    {
        var user = context.GetHttpContext().User;
        var role = user.FindFirstValue(Roles.RoleClaim);
        var subject = user.FindFirstValue(Roles.SubjectClaim);
        if (!Roles.IsKnown(role) || string.IsNullOrEmpty(subject))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "A token with a role (enterprise, bank, official) and a subject is required."));
        }

        var region = user.FindFirstValue(Roles.RegionClaim);
        if (role == Roles.Official && string.IsNullOrEmpty(region))
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, "An official's token must carry a region claim."));
        }

        return new Caller(role!, subject, region);
    }

    [DoesNotReturn]
    public static void Deny(string why) => throw new RpcException(new Status(StatusCode.PermissionDenied, why));

    // The region an official asks to read: the one named (a code or prefix) or, by default, the official's
    // own; refused when malformed or outside the official's region.
    public string RegionToRead(string? requested, string action)
    {
        RequireOfficial(action);
        var region = string.IsNullOrEmpty(requested) ? Region! : requested;
        if (!Domain.RegionCode.IsPrefix(region))
        {
            Validation.Violations.Fail("regionCode", "must be a region code or its 2- or 4-digit prefix");
        }

        if (!Covers(region))
        {
            Deny($"Region {region} is outside this official's region {Region}.");
        }

        return region;
    }

    public void RequireOfficial(string action)
    {
        if (!IsOfficial)
        {
            Deny($"Only an official may {action}.");
        }
    }
}
