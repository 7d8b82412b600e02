using static FinanceMarket.Domain.Dates;
using System.Globalization;

namespace FinanceMarket.Matching.Model;

// Every change of an application's state, with the event that announces it; the store saves both or neither.
public static class Transitions
{
    public static (Application Application, IntegrationEvent Submitted) Submit(
        string applicationId, Need need, OfferedProduct product, DateTimeOffset now, DateOnly decideBy)
    {
        var application = new Application(
            applicationId, need.NeedId, need.Uscc, need.Enterprise, product, need.AmountFen, need.TermMonths,
            ApplicationStatus.Submitted, now, decideBy, null, null, null, null, 1);
        return (application, new ApplicationSubmittedIntegrationEvent(need.NeedId, product.Kind.Wire(), need.AmountFen, Day(ChinaDay(now)), Day(decideBy))
        {
            About = Ref(application),
        });
    }

    public static (Application Application, IntegrationEvent Approved) Approve(Application a, Deal deal, string bank, DateTimeOffset now)
    {
        var approved = a with { Status = ApplicationStatus.Approved, Deal = deal, DecidedAt = now, DecidedBy = bank, Version = a.Version + 1 };
        return (approved, new ApplicationApprovedIntegrationEvent(
            a.Enterprise.SizeClass.Wire(), a.Product.Kind.Wire(), deal.GrantedAmountFen, deal.AnnualRateBp, deal.TermMonths,
            Day(deal.ContractDate), a.Product.SubsidyEligible)
        {
            About = Ref(a),
        });
    }

    public static (Application Application, IntegrationEvent Rejected) Reject(Application a, string reason, string bank, DateTimeOffset now)
    {
        var rejected = a with { Status = ApplicationStatus.Rejected, RejectionReason = reason, DecidedAt = now, DecidedBy = bank, Version = a.Version + 1 };
        return (rejected, new ApplicationRejectedIntegrationEvent(reason, Day(ChinaDay(now))) { About = Ref(a) });
    }

    public static (Application Application, IntegrationEvent Expired) Expire(Application a, DateTimeOffset now)
    {
        var expired = a with { Status = ApplicationStatus.Expired, DecidedAt = now, Version = a.Version + 1 };
        return (expired, new ApplicationExpiredIntegrationEvent(Day(a.DecideBy)) { About = Ref(a) });
    }

    public static DateOnly ChinaDay(DateTimeOffset at) => ChinaTime.DateOf(at);

    // What every event of the application says of it.
    private static ApplicationRef Ref(Application a) =>
        new(a.ApplicationId, a.Product.ProductId, a.BankId, a.Uscc, a.RegionCode, a.Enterprise.IndustryCode);

}
