using System.Globalization;

namespace FinanceMarket.Totals.Model;

// How each event moves the figures. Every event counts in its region and every region above it, each with
// its bank, district, industry section and month; the same event id twice changes nothing (the stores).
//
// Out of order: an application ends once. Its first terminal event (approved, rejected or expired) is its
// outcome; a later one for the same application (possible only if a publisher broke its ordering) is
// recorded as seen and changes nothing. A submission counts whenever it arrives.
public static class TotalsRules
{
    public static TotalsChange Submitted(ApplicationSubmittedIntegrationEvent e) => new(
        e.Id, ScopesOf(e.RegionCode, e.BankId, e.IndustryCode, Month(e.SubmittedOn)),
        new Dictionary<string, long> { ["applications"] = 1 }, null, null, null);

    public static TotalsChange Approved(ApplicationApprovedIntegrationEvent e) => new(
        e.Id, ScopesOf(e.RegionCode, e.BankId, e.IndustryCode, Month(e.ContractDate)),
        new Dictionary<string, long> { ["matchedDeals"] = 1, ["creditGrantedFen"] = e.GrantedAmountFen },
        new Distinct("served", e.Uscc, "enterprisesServed", 1), null, "application:" + e.ApplicationId);

    public static TotalsChange Rejected(ApplicationRejectedIntegrationEvent e) => new(
        e.Id, ScopesOf(e.RegionCode, e.BankId, e.IndustryCode, Month(e.DecidedOn)),
        new Dictionary<string, long> { ["rejected"] = 1 }, null, null, "application:" + e.ApplicationId);

    // An expiry counts in no figure of docs/api.md, but it is the application's outcome all the same.
    public static TotalsChange Expired(ApplicationExpiredIntegrationEvent e) => new(
        e.Id, [], new Dictionary<string, long>(), null, null, "application:" + e.ApplicationId);

    // A loan's principal is subsidised once per programme, however many of its periods are paid.
    public static TotalsChange Paid(SubsidyPaidIntegrationEvent e) => new(
        e.Id, ScopesOf(e.RegionCode, e.BankId, e.IndustryCode, Month(e.PaidOn)),
        new Dictionary<string, long> { ["subsidyClaimsPaid"] = 1, ["subsidyPaidFen"] = e.AmountFen },
        null, new Distinct("principal", e.ProgramId + "|" + e.ApplicationId, "subsidisedPrincipalFen", e.PrincipalFen), null);

    public static IReadOnlyList<string> ScopesOf(string regionCode, string bankId, string industryCode, string month)
    {
        if (!RegionCode.IsRegion(regionCode) || string.IsNullOrEmpty(bankId) || bankId.Contains('|', StringComparison.Ordinal)
            || IndustryCode.Problem(IndustryCode.Normalize(industryCode)) is not null)
        {
            throw new ArgumentException($"an event with region '{regionCode}', bank '{bankId}' and industry '{industryCode}' cannot be counted");
        }

        var scopes = new List<string>();
        foreach (var region in RegionCode.Hierarchy(regionCode))
        {
            scopes.Add(Scopes.Of(region));
            scopes.Add(Scopes.Of(region, Dimension.Bank, bankId));
            scopes.Add(Scopes.Of(region, Dimension.Region, regionCode));
            scopes.Add(Scopes.Of(region, Dimension.Industry, IndustryCode.Section(industryCode).ToString()));
            scopes.Add(Scopes.Of(region, Dimension.Month, month));
        }

        return scopes;
    }

    // "2026-11-28" → "2026-11"; anything else is not an event this service can count.
    private static string Month(string day) =>
        DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date.ToString("yyyy-MM", CultureInfo.InvariantCulture)
            : throw new ArgumentException($"'{day}' is not a date YYYY-MM-DD");
}
