using System.Globalization;

namespace FinanceMarket.Domain;

// How the platform writes dates and instants, everywhere: days as YYYY-MM-DD (Asia/Shanghai days, see
// ChinaTime), instants as RFC 3339 with their offset.
public static class Dates
{
    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Instant(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);
}
