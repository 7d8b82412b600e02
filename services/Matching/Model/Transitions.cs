using static FinanceMarket.Domain.Dates;
using System.Globalization;

namespace FinanceMarket.Matching.Model;

// Every change of an application's state, with the event that announces it; the store saves both or neither.
public static class Transitions
{
    // The product's decision SLA gives decideBy (when it expires); the region's promise the contact and
    // promised decision dates, counted from the same day.
    public static (Application Application, IntegrationEvent Submitted) Submit(
        string applicationId, Need need, OfferedProduct product, DateTimeOffset now, WorkingCalendar calendar, ServicePromise promise)
    {
        var today = ChinaDay(now);
        var application = new Application(
            applicationId, need.NeedId, need.Uscc, need.Enterprise, product, need.AmountFen, need.TermMonths,
            ApplicationStatus.Submitted, now, calendar.AddWorkingDays(today, product.DecisionSlaDays), null, null, null, null, 1)
        {
            ContactBy = calendar.AddWorkingDays(today, promise.ContactWithinDays),
            PromisedDecisionBy = calendar.AddWorkingDays(today, promise.DecideWithinDays),
            Purpose = need.Purpose,
            CollateralAvailable = need.CollateralAvailable,
        };
        var decideBy = application.DecideBy;
        return (application, new ApplicationSubmittedIntegrationEvent(need.NeedId, product.Kind.Wire(), need.AmountFen, Day(ChinaDay(now)), Day(decideBy))
        {
            About = Ref(application),
            Origin = application.Origin.Wire(),
            EnterpriseName = application.Enterprise.Name,
            // An application is made only with the enterprise's consent to a credit query (applying requires it,
            // and so does broadcasting a need that a bank then takes): credit keeps it as the bank's consent.
            ConsentToCreditQuery = true,
        });
    }

    public static (Application Application, IntegrationEvent Approved) Approve(Application a, Deal deal, string bank, DateTimeOffset now, WorkingCalendar calendar)
    {
        var minutes = calendar.WorkingMinutesBetween(a.SubmittedAt, now);
        var approved = a with
        {
            Status = ApplicationStatus.Approved, Deal = deal, DecidedAt = now, DecidedBy = bank, WorkingMinutesToDecide = minutes, Version = a.Version + 1,
        };
        return (approved, new ApplicationApprovedIntegrationEvent(
            a.Enterprise.SizeClass.Wire(), a.Product.Kind.Wire(), deal.GrantedAmountFen, deal.AnnualRateBp, deal.TermMonths,
            Day(deal.ContractDate), a.Product.SubsidyEligible)
        {
            About = Ref(a),
            DecidedOn = Day(ChinaDay(now)),
            WorkingMinutesToDecide = minutes,
            ViaReferral = a.ViaReferral,
        });
    }

    public static (Application Application, IntegrationEvent Rejected) Reject(
        Application a, RejectionCode code, string reason, string bank, DateTimeOffset now, WorkingCalendar calendar)
    {
        var minutes = calendar.WorkingMinutesBetween(a.SubmittedAt, now);
        var rejected = a with
        {
            Status = ApplicationStatus.Rejected, RejectionCode = code, RejectionReason = reason, DecidedAt = now, DecidedBy = bank,
            WorkingMinutesToDecide = minutes, Version = a.Version + 1,
        };
        return (rejected, new ApplicationRejectedIntegrationEvent(reason, Day(ChinaDay(now)))
        {
            About = Ref(a),
            Code = code.Wire(),
            WorkingMinutesToDecide = minutes,
        });
    }

    public static (Application Application, IntegrationEvent Contacted) Contact(
        Application a, ContactChannel channel, string note, DateTimeOffset now, WorkingCalendar calendar)
    {
        var minutes = calendar.WorkingMinutesBetween(a.SubmittedAt, now);
        var contacted = a with { Contact = new Contact(channel, note, now) { WorkingMinutes = minutes }, Version = a.Version + 1 };
        return (contacted, new ApplicationContactedIntegrationEvent(
            channel.Wire(), Day(ChinaDay(now)), a.ContactBy is { } by ? Day(by) : string.Empty, minutes)
        {
            About = Ref(a),
        });
    }

    public static (Application Application, IntegrationEvent Withdrawn) Withdraw(Application a, string reason, DateTimeOffset now)
    {
        var withdrawn = a with { Status = ApplicationStatus.Withdrawn, WithdrawnReason = reason, DecidedAt = now, Version = a.Version + 1 };
        return (withdrawn, new ApplicationWithdrawnIntegrationEvent(reason, Day(ChinaDay(now))) { About = Ref(a) });
    }

    public static (Application Application, IntegrationEvent Referred) Refer(Application a, int round, int banksReached, DateTimeOffset now)
    {
        var referred = a with { ReferredAt = now, Version = a.Version + 1 };
        return (referred, new ApplicationReferredIntegrationEvent(a.NeedId, (a.RejectionCode ?? RejectionCode.Other).Wire(), round, banksReached, Day(ChinaDay(now)))
        {
            About = Ref(a),
        });
    }

    // A bank's take of a broadcast need: its application (origin TAKEN), announced as submitted and taken.
    public static (Application Application, IReadOnlyList<IntegrationEvent> Events) Take(
        string applicationId, Need need, Broadcast broadcast, OfferedProduct product, DateTimeOffset now, WorkingCalendar calendar, ServicePromise promise)
    {
        var (submitted, announced) = Submit(applicationId, need, product, now, calendar, promise);
        var minutes = calendar.WorkingMinutesBetween(broadcast.BroadcastAt, now);
        var taken = submitted with
        {
            Origin = ApplicationOrigin.Taken, Round = broadcast.Round, ViaReferral = broadcast.ReferredFromApplicationId is not null, WorkingMinutesToTake = minutes,
        };
        return (taken,
        [
            ((ApplicationSubmittedIntegrationEvent)announced) with { Origin = taken.Origin.Wire() },
            new NeedTakenIntegrationEvent(need.NeedId, broadcast.Round, Day(ChinaDay(now)), minutes, taken.ViaReferral)
            {
                About = Ref(taken),
            },
        ]);
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
