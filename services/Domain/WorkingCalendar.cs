namespace FinanceMarket.Domain;

// Working days in mainland China: Monday to Friday, less the public holidays, plus the weekend days the
// State Council's yearly notice turns into working days (调休). The notice comes out each November for
// the next year, so the calendar is data: the official notices are below, and an official adds a year
// (or corrects one) with With(). Years without a notice count weekends only, and say so (Covers).
public sealed class WorkingCalendar
{
    private readonly HashSet<DateOnly> _holidays;
    private readonly HashSet<DateOnly> _workingWeekendDays;
    private readonly HashSet<int> _years;

    public WorkingCalendar(IEnumerable<DateOnly> holidays, IEnumerable<DateOnly> workingWeekendDays, IEnumerable<int> years)
    {
        _holidays = [.. holidays];
        _workingWeekendDays = [.. workingWeekendDays];
        _years = [.. years];
        var clash = _holidays.Intersect(_workingWeekendDays).Select(d => Dates.Day(d)).ToList();
        if (clash.Count > 0)
        {
            throw new ArgumentException($"A day cannot be both a holiday and a working day: {string.Join(", ", clash)}");
        }
    }

    // 国办发明电〔2024〕12号 (2025) and the State Council notice of 4 November 2025 (2026).
    public static WorkingCalendar China { get; } = new(
        [
            .. Days(2025, 1, 1, 1), .. Days(2025, 1, 28, 8), .. Days(2025, 4, 4, 3), .. Days(2025, 5, 1, 5),
            .. Days(2025, 5, 31, 3), .. Days(2025, 10, 1, 8),
            .. Days(2026, 1, 1, 3), .. Days(2026, 2, 15, 9), .. Days(2026, 4, 4, 3), .. Days(2026, 5, 1, 5),
            .. Days(2026, 6, 19, 3), .. Days(2026, 9, 25, 3), .. Days(2026, 10, 1, 7),
        ],
        [
            new(2025, 1, 26), new(2025, 2, 8), new(2025, 4, 27), new(2025, 9, 28), new(2025, 10, 11),
            new(2026, 1, 4), new(2026, 2, 14), new(2026, 2, 28), new(2026, 5, 9), new(2026, 9, 20), new(2026, 10, 10),
        ],
        [2025, 2026]);

    public IReadOnlyCollection<int> Years => _years;

    public IReadOnlyList<DateOnly> HolidaysIn(int year) => [.. _holidays.Where(d => d.Year == year).Order()];

    public IReadOnlyList<DateOnly> WorkingWeekendDaysIn(int year) => [.. _workingWeekendDays.Where(d => d.Year == year).Order()];

    // Whether the year's notice is in the calendar; without it, holidays of that year are unknown.
    public bool Covers(DateOnly date) => _years.Contains(date.Year);

    public bool IsWorkingDay(DateOnly date) =>
        _workingWeekendDays.Contains(date)
        || (!_holidays.Contains(date) && date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday));

    // The n-th working day after the given day (which itself never counts): a bank promising a decision
    // in 3 working days on an application submitted on the eve of a holiday decides 3 working days later.
    public DateOnly AddWorkingDays(DateOnly from, int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);
        var day = from;
        for (var counted = 0; counted < workingDays;)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day))
            {
                counted++;
            }
        }

        return day;
    }

    // How many working days lie after `from` up to and including `to` (0 when `to` is not later): the days a
    // step due on `from` is over on `to`.
    public int WorkingDaysAfter(DateOnly from, DateOnly to)
    {
        var count = 0;
        for (var day = from.AddDays(1); day <= to; day = day.AddDays(1))
        {
            count += IsWorkingDay(day) ? 1 : 0;
        }

        return count;
    }

    // The time between two instants that fell on working days (Asia/Shanghai, whole days: a bank's night
    // counts, its weekend and holidays do not), in minutes; 0 when `to` is not later. The scorecards' "working
    // hours to take, to contact, to decide" are this over 60.
    public long WorkingMinutesBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            return 0;
        }

        var minutes = 0L;
        for (var day = ChinaTime.DateOf(from); day <= ChinaTime.DateOf(to); day = day.AddDays(1))
        {
            if (!IsWorkingDay(day))
            {
                continue;
            }

            var start = ChinaTime.StartOf(day);
            var end = ChinaTime.StartOf(day.AddDays(1));
            var overlap = (to < end ? to : end) - (from > start ? from : start);
            minutes += (long)Math.Max(0, overlap.TotalMinutes);
        }

        return minutes;
    }

    // A year's notice, replacing what the calendar held for that year.
    public WorkingCalendar With(int year, IEnumerable<DateOnly> holidays, IEnumerable<DateOnly> workingWeekendDays)
    {
        var (newHolidays, newWorking) = (holidays.ToList(), workingWeekendDays.ToList());
        if (newHolidays.Concat(newWorking).Any(d => d.Year != year))
        {
            throw new ArgumentException($"Every day of the {year} notice must fall in {year}.");
        }

        return new WorkingCalendar(
            _holidays.Where(d => d.Year != year).Concat(newHolidays),
            _workingWeekendDays.Where(d => d.Year != year).Concat(newWorking),
            _years.Append(year));
    }

    private static IEnumerable<DateOnly> Days(int year, int month, int day, int count) =>
        Enumerable.Range(0, count).Select(i => new DateOnly(year, month, day).AddDays(i));
}
