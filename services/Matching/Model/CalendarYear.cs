namespace FinanceMarket.Matching.Model;

// One year's State Council holiday notice as the operator recorded it; a correction says why.
public sealed record CalendarYear(
    int Year,
    IReadOnlyList<DateOnly> Holidays,
    IReadOnlyList<DateOnly> WorkingWeekendDays,
    string Source,
    string UpdatedBy,
    DateTimeOffset UpdatedAt,
    string? Reason = null);
