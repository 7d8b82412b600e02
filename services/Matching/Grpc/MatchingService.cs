using FinanceMarket.Matching.Extensions;
using FinanceMarket.Matching.Model;
using FinanceMarket.Matching.Shelf;
using FinanceMarket.ServiceDefaults.Storage;
using Microsoft.Extensions.Options;
using CatalogV1 = FinanceMarket.Catalog.V1;
using EnterprisesV1 = FinanceMarket.Enterprises.V1;

namespace FinanceMarket.Matching.Grpc;

// Needs, applications and their lists (one file each: MatchingService.Needs, .Applications, .Listings);
// the working calendar is its own proto service (WorkingCalendarService).
internal sealed partial class MatchingService(
    IMatchingStore store,
    ShelfSync shelf,
    ShelfView shelfView,
    Calendars calendars,
    EnterprisesV1.EnterpriseRegistry.EnterpriseRegistryClient enterprises,
    CatalogV1.Catalog.CatalogClient catalog,
    IAuditRecorder reads,
    MarketReads market,
    EnterpriseProfiles profiles,
    IOptions<MatchingOptions> options,
    TimeProvider time) : V1.Matching.MatchingBase
{
    private LoanPrimeRate Lpr => new(options.Value.LprOneYearBp, options.Value.LprFiveYearBp);

    private static void RequireTheEnterprise(Caller caller, string uscc, string action)
    {
        if (!caller.IsEnterprise || !Same(caller.Subject, uscc))
        {
            Caller.Deny($"Only enterprise {uscc} itself may {action}.");
        }
    }

    private static bool Same(string subject, string uscc) => UnifiedSocialCreditCode.Normalize(subject) == uscc;
}
