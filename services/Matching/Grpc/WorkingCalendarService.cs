using FinanceMarket.Matching.Model;
using FinanceMarket.Matching.V1;
using Grpc.Core;

namespace FinanceMarket.Matching.Grpc;

// The national working calendar (its own proto service, WorkingCalendars): read by anyone, recorded by the
// operator; every decide-by date is counted in it.
internal sealed class WorkingCalendarService(IMatchingStore store, Calendars calendars, TimeProvider time) : WorkingCalendars.WorkingCalendarsBase
{
    public override async Task<WorkingCalendarYear> GetWorkingCalendar(GetWorkingCalendarRequest request, ServerCallContext context)
    {
        Caller.From(context);
        new Violations().Range("year", request.Year, 2000, 2100).ThrowIfAny();
        var (calendar, recorded) = await calendars.CurrentAsync(context.CancellationToken);
        return MatchingMapping.ToProto(request.Year, calendar, recorded.FirstOrDefault(y => y.Year == request.Year));
    }

    public override async Task<WorkingCalendarYear> PutWorkingCalendar(PutWorkingCalendarRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        // The holidays are national, and every decision deadline in the country counts on them: the
        // platform's operator records them, no region's official.
        if (!caller.IsOperator)
        {
            Caller.Deny("Only the platform's operator records the national working calendar.");
        }

        var recorded = (await store.CalendarYearsAsync(context.CancellationToken)).FirstOrDefault(y => y.Year == request.Year);
        var year = Calendars.Validate(request.Year, request.Holidays, request.WorkingWeekendDays, request.Source, caller.Subject, time.GetUtcNow(),
            correcting: recorded is not null, reason: request.Reason);
        var audit = AuditTrail.Entry(caller, recorded is null ? AuditActions.CalendarRecorded : AuditActions.CalendarCorrected, AuditTrail.National,
            "working-calendar/" + year.Year, Audited(recorded), Audited(year), year.Reason, year.UpdatedAt);
        await store.PutCalendarYearAsync(year, audit, context.CancellationToken);
        var (calendar, _) = await calendars.CurrentAsync(context.CancellationToken);
        return MatchingMapping.ToProto(year.Year, calendar, year);
    }

    private static object? Audited(CalendarYear? year) =>
        year is null ? null : new { year.Holidays, year.WorkingWeekendDays, year.Source };
}
