using static FinanceMarket.Domain.Dates;

namespace FinanceMarket.Matching.Model;

// The steps of the service promise and how they move. Each change returns the step as it becomes (version
// + 1) and the events it raises: a step is raised (ServiceStepOverdueIntegrationEvent) once, whether the
// sweep finds it past its date or it is done late or ended before the sweep came by; a step with a bank is
// reminded (ServiceStepDueSoonIntegrationEvent) once, ahead of its date.
public static class Steps
{
    public static ServiceStep Take(string stepId, Broadcast broadcast, Need need) =>
        New(stepId, StepKind.Take, need, null, null, broadcast.BroadcastAt, broadcast.TakeBy, broadcast.OpenUntil);

    // First contact and decision, counted from the submission or the take.
    public static IReadOnlyList<ServiceStep> Of(Application a, Need need, Func<string> newId) =>
    [
        New(newId(), StepKind.Contact, need, a.ApplicationId, a.BankId, a.SubmittedAt, a.ContactBy!.Value, null),
        New(newId(), StepKind.Decide, need, a.ApplicationId, a.BankId, a.SubmittedAt, a.PromisedDecisionBy!.Value, null),
    ];

    // The date has passed undone: on the supervision list.
    public static (ServiceStep Step, IReadOnlyList<IntegrationEvent> Events) Raise(ServiceStep s, DateOnly today) =>
        s.Status != StepStatus.Pending
            ? (s, [])
            : (s with { Status = StepStatus.Overdue, RaisedOn = today, Version = s.Version + 1 }, [Overdue(s, today)]);

    // The bank is told ahead that its step falls due (the sweep calls it a working day before): once, and only
    // while the step is still PENDING. A TAKE step has no bank yet, so nobody to tell.
    public static (ServiceStep Step, IReadOnlyList<IntegrationEvent> Events) Remind(ServiceStep s, DateOnly today) =>
        s.Status != StepStatus.Pending || s.BankId is null || s.RemindedOn is not null
            ? (s, [])
            : (s with { RemindedOn = today, Version = s.Version + 1 }, [DueSoon(s, today)]);

    // Done on `on`: on time, or late (raised first if the sweep had not come by).
    public static (ServiceStep Step, IReadOnlyList<IntegrationEvent> Events) Done(ServiceStep s, DateOnly on)
    {
        if (s.Status == StepStatus.Pending && on <= s.DueOn)
        {
            return (s with { Status = StepStatus.Met, DoneOn = on, Version = s.Version + 1 }, []);
        }

        var (raised, events) = Raise(s, on);
        return raised.Status == StepStatus.Overdue
            ? (raised with { Status = StepStatus.MetLate, DoneOn = on, Version = s.Version + 1 }, events)
            : (s, []);
    }

    // The step can no longer be done on `on`. By the bank's fault (the application expired undecided, the
    // broadcast closed untaken) it is missed, and raised if it was not; otherwise (the enterprise withdrew) a
    // step not yet due is cancelled, one past its date missed.
    public static (ServiceStep Step, IReadOnlyList<IntegrationEvent> Events) End(ServiceStep s, DateOnly on, bool bankFault)
    {
        if (!s.IsOpen)
        {
            return (s, []);
        }

        if (s.Status == StepStatus.Pending && !bankFault && on <= s.DueOn)
        {
            return (s with { Status = StepStatus.Cancelled, DoneOn = on, Version = s.Version + 1 }, []);
        }

        var (raised, events) = Raise(s, on);
        return (raised with { Status = StepStatus.Missed, DoneOn = on, Version = s.Version + 1 }, events);
    }

    // Working days past the due date: up to today while overdue, up to the day it was done or ended after.
    public static int DaysOver(ServiceStep s, DateOnly today, WorkingCalendar calendar) =>
        calendar.WorkingDaysAfter(s.DueOn, s.DoneOn ?? today);

    private static ServiceStep New(
        string stepId, StepKind kind, Need need, string? applicationId, string? bankId, DateTimeOffset startedAt, DateOnly dueOn, DateOnly? endsOn) =>
        new(stepId, kind, need.NeedId, applicationId, bankId, need.Uscc, need.Enterprise.Name, need.Enterprise.RegionCode, need.Enterprise.IndustryCode,
            startedAt, dueOn, endsOn, StepStatus.Pending, null, null, [], 1);

    private static ServiceStepOverdueIntegrationEvent Overdue(ServiceStep s, DateOnly raisedOn) =>
        new(s.StepId, s.Kind.Wire(), s.NeedId, s.ApplicationId, s.BankId, s.Uscc, s.RegionCode, s.IndustryCode, Day(s.DueOn), Day(raisedOn))
        {
            EnterpriseName = s.EnterpriseName,
        };

    private static ServiceStepDueSoonIntegrationEvent DueSoon(ServiceStep s, DateOnly remindedOn) =>
        new(s.StepId, s.Kind.Wire(), s.NeedId, s.ApplicationId, s.BankId, s.Uscc, s.RegionCode, s.IndustryCode, Day(s.DueOn), Day(remindedOn))
        {
            EnterpriseName = s.EnterpriseName,
        };
}
