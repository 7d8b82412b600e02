using FinanceMarket.Domain;
using FinanceMarket.ServiceDefaults.Hosting;

namespace FinanceMarket.Gateway;

// GET /api/v1/today: the platform's date in the data's time zone, which a page reasons with (a deadline
// passed or not, a contract date's default) rather than the browser's clock: in local mode the demo clock's,
// which may run ahead of the real date. Anyone may read it.
internal static class PlatformDate
{
    public sealed record TodayResponse(string Today, string TimeZone, bool DemoClock);

    public static void MapPlatformDate(this WebApplication app) =>
        app.MapGet("/api/v1/today", (TimeProvider time) =>
            Results.Ok(new TodayResponse(Dates.Day(ChinaTime.Today(time)), "Asia/Shanghai", time is DemoClock))).AllowAnonymous();
}
