
namespace FinanceMarket.Matching.Model;

// The working calendar decide-by dates are counted in: the notices built into Domain, with every year an
// official recorded laid over them. Read per use (a handful of rows), so every replica sees an update at once.
public sealed class Calendars(IMatchingStore store)
{
    public const int MaxHolidays = 60;
    public const int MaxWorkingWeekendDays = 20;

    public async Task<(WorkingCalendar Calendar, IReadOnlyList<CalendarYear> Recorded)> CurrentAsync(CancellationToken cancellationToken)
    {
        var recorded = await store.CalendarYearsAsync(cancellationToken);
        var calendar = recorded.Aggregate(WorkingCalendar.China, (c, y) => c.With(y.Year, y.Holidays, y.WorkingWeekendDays));
        return (calendar, recorded);
    }

    public static CalendarYear Validate(
        int year, IReadOnlyList<string> holidays, IReadOnlyList<string> workingWeekendDays, string? source, string updatedBy, DateTimeOffset at,
        bool correcting = false, string? reason = null)
    {
        var violations = new Violations();
        if (correcting || !string.IsNullOrWhiteSpace(reason))
        {
            violations.Text("reason", correcting && string.IsNullOrWhiteSpace(reason) ? null : reason, 500);
        }

        violations.Range("year", year, 2000, 2100);
        violations.Require(holidays.Count <= MaxHolidays, "holidays", Reasons.TooManyEntries, $"must list at most {MaxHolidays} days", ("max", MaxHolidays));
        violations.Require(workingWeekendDays.Count <= MaxWorkingWeekendDays, "workingWeekendDays", Reasons.TooManyEntries,
            $"must list at most {MaxWorkingWeekendDays} days", ("max", MaxWorkingWeekendDays));
        violations.Text("source", source);
        var days = Days(violations, "holidays", holidays.Take(MaxHolidays), year);
        var worked = Days(violations, "workingWeekendDays", workingWeekendDays.Take(MaxWorkingWeekendDays), year);
        foreach (var day in worked.Where(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)))
        {
            violations.Add("workingWeekendDays", Reasons.NotAWeekendDay, $"{day:yyyy-MM-dd} is a {day.DayOfWeek}, not a weekend day", ("day", day));
        }

        foreach (var day in days.Intersect(worked))
        {
            violations.Add("workingWeekendDays", Reasons.AlsoAHoliday, $"{day:yyyy-MM-dd} is also listed as a holiday", ("day", day));
        }

        violations.ThrowIfAny();
        return new CalendarYear(year, [.. days.Distinct().Order()], [.. worked.Distinct().Order()], source!.Trim(), updatedBy, at,
            correcting ? reason!.Trim() : null);
    }

    private static List<DateOnly> Days(Violations violations, string field, IEnumerable<string> values, int year)
    {
        var days = new List<DateOnly>();
        foreach (var value in values)
        {
            if (violations.Date(field, value) is not { } day)
            {
                continue;
            }

            if (day.Year != year)
            {
                violations.Add(field, Reasons.NotInYear, $"{value} is not in {year}", ("day", day), ("year", year));
            }
            else
            {
                days.Add(day);
            }
        }

        return days;
    }
}
