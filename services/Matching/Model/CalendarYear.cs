namespace FinanceMarket.Matching.Model;

// One year's State Council holiday notice as an official recorded it.
public sealed record CalendarYear(
    int Year,
    IReadOnlyList<DateOnly> Holidays,
    IReadOnlyList<DateOnly> WorkingWeekendDays,
    string Source,
    string UpdatedBy,
    DateTimeOffset UpdatedAt);
