namespace FinanceMarket.ServiceDefaults.Security;

public static class Roles
{
    public const string Enterprise = "enterprise";
    public const string Bank = "bank";
    public const string Official = "official";

    // The platform's operator: keeps the national reference data (the LPR table, the working calendar) and
    // the banks; sees no enterprise's records.
    public const string Operator = "operator";

    // A department's system that supplies public credit data (tax, social insurance, courts, ...): its subject
    // is the provider's id, its region claim the region whose data it supplies.
    public const string Provider = "provider";

    public const string RoleClaim = "role";
    public const string RegionClaim = "region";
    public const string SubjectClaim = "sub";

    public static bool IsKnown(string? role) => role is Enterprise or Bank or Official or Operator or Provider;
}
