namespace FinanceMarket.UnitTests;

public sealed class WorkingCalendarTests
{
    private static readonly WorkingCalendar China = WorkingCalendar.China;

    [Theory]
    // Fri 18 Sep 2026, 3 days: Sat 19 off; Sun 20 a working day by the notice (1); Mon 21 (2); Tue 22 (3).
    [InlineData("2026-09-18", 3, "2026-09-22")]
    // Wed 30 Sep 2026, 3 days: 1-7 Oct holiday; Thu 8 (1), Fri 9 (2), Sat 10 a working day (3).
    [InlineData("2026-09-30", 3, "2026-10-10")]
    // Fri 13 Feb 2026, 1 day: Sat 14 Feb is a working day before the Spring Festival.
    [InlineData("2026-02-13", 1, "2026-02-14")]
    // Thu 12 Feb 2026, 5 days: Fri 13 (1), Sat 14 (2), 15-23 Feb holiday, Tue 24 (3), Wed 25 (4), Thu 26 (5).
    [InlineData("2026-02-12", 5, "2026-02-26")]
    // Fri 24 Jan 2025, 2 days: Sat 25 off; Sun 26 a working day (1); Mon 27 (2).
    [InlineData("2025-01-24", 2, "2025-01-27")]
    // Tue 30 Sep 2025, 1 day: 1-8 Oct holiday (National Day with Mid-Autumn); Thu 9 Oct.
    [InlineData("2025-09-30", 1, "2025-10-09")]
    // Submitted on a holiday (Sat 3 Jan 2026): Sun 4 Jan is a working day (1); Mon 5 (2).
    [InlineData("2026-01-03", 2, "2026-01-05")]
    // An ordinary week: Mon 16 Nov 2026 + 5 = Mon 23 Nov.
    [InlineData("2026-11-16", 5, "2026-11-23")]
    public void Decide_by_dates_count_working_days_after_the_day(string from, int days, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            China.AddWorkingDays(DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), days));

    [Theory]
    // 2025: 28 days off (1 + 8 + 3 + 5 + 3 + 8), 18 of them weekdays, and 5 weekend days worked.
    // 2026: 33 days off (3 + 9 + 3 + 5 + 3 + 3 + 7), 19 of them weekdays, and 6 weekend days worked.
    // Either way 13 working days fewer: the 13 statutory holiday days of the 2024 revision of the
    // national holidays rules (New Year 1, Spring Festival 4, Qingming 1, Labour Day 2, Dragon Boat 1,
    // Mid-Autumn 1, National Day 3).
    [InlineData(2025, 18, 5)]
    [InlineData(2026, 19, 6)]
    public void Each_notice_gives_the_thirteen_statutory_days(int year, int weekdaysOff, int weekendDaysWorked)
    {
        var days = Enumerable.Range(0, DateTime.IsLeapYear(year) ? 366 : 365).Select(i => new DateOnly(year, 1, 1).AddDays(i)).ToList();
        bool Weekend(DateOnly d) => d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

        Assert.Equal(weekdaysOff, days.Count(d => !Weekend(d) && !China.IsWorkingDay(d)));
        Assert.Equal(weekendDaysWorked, days.Count(d => Weekend(d) && China.IsWorkingDay(d)));
        Assert.Equal(13, weekdaysOff - weekendDaysWorked);
    }

    [Fact]
    public void A_year_without_its_notice_counts_weekends_only_and_says_so()
    {
        var newYear2027 = new DateOnly(2027, 1, 1);

        Assert.False(China.Covers(newYear2027));
        Assert.True(China.IsWorkingDay(newYear2027));

        var with2027 = China.With(2027, [newYear2027], []);
        Assert.True(with2027.Covers(newYear2027));
        Assert.False(with2027.IsWorkingDay(newYear2027));
        Assert.Equal(China.AddWorkingDays(new DateOnly(2026, 9, 30), 3), with2027.AddWorkingDays(new DateOnly(2026, 9, 30), 3));
    }

    [Fact]
    public void A_notice_must_be_consistent()
    {
        Assert.Throws<ArgumentException>(() => China.With(2027, [new DateOnly(2026, 12, 31)], []));
        Assert.Throws<ArgumentException>(() => China.With(2027, [new DateOnly(2027, 2, 6)], [new DateOnly(2027, 2, 6)]));
    }

    [Fact]
    public void Working_time_between_two_instants_leaves_out_weekends_and_holidays_in_Beijing()
    {
        // Friday 13 November 2026 17:00 in Beijing to Monday 16 November 09:00: 7 h of Friday, 9 h of Monday.
        var friday = new DateTimeOffset(2026, 11, 13, 9, 0, 0, TimeSpan.Zero);
        var monday = new DateTimeOffset(2026, 11, 16, 1, 0, 0, TimeSpan.Zero);
        Assert.Equal(16 * 60, China.WorkingMinutesBetween(friday, monday));
        Assert.Equal(0, China.WorkingMinutesBetween(monday, friday));

        // 30 September 23:00 to 8 October 01:00 (the National Day holiday, 1-7 October): one hour, then one.
        var eve = new DateTimeOffset(2026, 9, 30, 15, 0, 0, TimeSpan.Zero);
        var after = new DateTimeOffset(2026, 10, 7, 17, 0, 0, TimeSpan.Zero);
        Assert.Equal(120, China.WorkingMinutesBetween(eve, after));

        // Working days after a due date: none on the day itself, none over a weekend, then one per working day.
        Assert.Equal(0, China.WorkingDaysAfter(new DateOnly(2026, 11, 13), new DateOnly(2026, 11, 15)));
        Assert.Equal(1, China.WorkingDaysAfter(new DateOnly(2026, 11, 13), new DateOnly(2026, 11, 16)));
        Assert.Equal(1, China.WorkingDaysAfter(new DateOnly(2026, 9, 30), new DateOnly(2026, 10, 8)));
        Assert.Equal(3, China.WorkingDaysAfter(new DateOnly(2026, 9, 30), new DateOnly(2026, 10, 10)));
        Assert.Equal(0, China.WorkingDaysAfter(new DateOnly(2026, 9, 30), new DateOnly(2026, 9, 29)));
    }
}
