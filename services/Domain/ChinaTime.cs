namespace FinanceMarket.Domain;

// Dates in the data are Asia/Shanghai dates: a loan contracted at 07:00 Beijing time on 1 April is a
// 1 April contract, although it is still 31 March in UTC.
public static class ChinaTime
{
    public static readonly TimeZoneInfo Zone = Find();

    public static DateOnly Today(TimeProvider time) => DateOf(time.GetUtcNow());

    // The Asia/Shanghai date of an instant.
    public static DateOnly DateOf(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, Zone).DateTime);

    // The instant a China-time day begins.
    public static DateTimeOffset StartOf(DateOnly day)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(midnight, Zone.GetUtcOffset(midnight));
    }

    private static TimeZoneInfo Find()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        }
        catch (TimeZoneNotFoundException)
        {
            // China has kept UTC+8 without daylight saving since 1991; a host without tzdata gets that.
            return TimeZoneInfo.CreateCustomTimeZone("Asia/Shanghai", TimeSpan.FromHours(8), "China Standard Time", "China Standard Time");
        }
    }
}
