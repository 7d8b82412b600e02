namespace FinanceMarket.ServiceDefaults.Security;

public static class Roles
{
    public const string Enterprise = "enterprise";
    public const string Bank = "bank";
    public const string Official = "official";

    public const string RoleClaim = "role";
    public const string RegionClaim = "region";
    public const string SubjectClaim = "sub";

    public static bool IsKnown(string? role) => role is Enterprise or Bank or Official;
}
