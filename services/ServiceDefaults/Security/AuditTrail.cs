using FinanceMarket.IntegrationEvents;
using FinanceMarket.ServiceDefaults.Storage;

namespace FinanceMarket.ServiceDefaults.Security;

// The audit entry of one act by an official or the operator, saved in the outbox of the change it
// describes (so it exists exactly when the change does) and kept by subsidies in the hash-chained log.
public static class AuditTrail
{
    // Region "" marks national reference data (the LPR, the working calendar, banks the operator created):
    // every reader of the log sees those entries.
    public const string National = "";

    public static AuditRecordedIntegrationEvent Entry(
        Caller who, string action, string regionCode, string target, object? before, object? after, string? reason, DateTimeOffset at) =>
        new(who.Role, who.Subject, who.Region ?? string.Empty, action, regionCode, target, Json(before), Json(after),
            string.IsNullOrWhiteSpace(reason) ? null : reason.Trim())
        {
            At = at,
        };

    private static string? Json(object? values) => values is null ? null : StoreJson.Serialize(values);
}

// What an entry says was done; docs/api.md lists them.
public static class AuditActions
{
    public const string LprRecorded = "lpr.recorded";
    public const string LprCorrected = "lpr.corrected";
    public const string CalendarRecorded = "calendar.recorded";
    public const string CalendarCorrected = "calendar.corrected";
    public const string BankCreated = "bank.created";
    public const string BankRenamed = "bank.renamed";
    public const string ProgramCreated = "program.created";
    public const string ProgramUpdated = "program.updated";
    public const string ProgramClosed = "program.closed";
    public const string ClaimApproved = "claim.approved";
    public const string ClaimRejected = "claim.rejected";
    public const string ClaimPaid = "claim.paid";
    public const string ProductModerated = "product.moderated";
    public const string EnterpriseRegistered = "enterprise.registered";
    public const string EnterpriseCorrected = "enterprise.corrected";
    public const string EnterpriseRead = "enterprise.read";
    public const string EnterprisesListed = "enterprises.listed";
    public const string NeedRead = "need.read";
    public const string ApplicationRead = "application.read";
    public const string ApplicationsListed = "applications.listed";
    public const string ClaimRead = "claim.read";
    public const string ClaimsListed = "claims.listed";
    public const string ServicePromiseSet = "service-promise.set";
    public const string SupervisionNoted = "supervision.noted";
    public const string SupervisionListed = "supervision.listed";
    public const string CreditDataImported = "credit-data.imported";
}
