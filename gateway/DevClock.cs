using static FinanceMarket.Domain.Dates;
using FinanceMarket.Domain;
using FinanceMarket.ServiceDefaults.Hosting;
using FinanceMarket.ServiceDefaults.Security;
using FinanceMarket.ServiceDefaults.Validation;

namespace FinanceMarket.Gateway;

// GET/PUT /api/v1/dev/clock: the demo clock's date, which `./run.sh --demo` hands to every process and the
// district replay moves through its year. Mapped with the demo tokens (local mode, loopback only), and only
// where a demo clock file is configured.
internal static class DevClock
{
    public sealed record ClockRequest(string? Today);

    public sealed record ClockResponse(string Today, int OffsetDays);

    public static void MapDevClock(this WebApplication app)
    {
        if (app.Services.GetRequiredService<TimeProvider>() is not DemoClock clock)
        {
            return;
        }

        app.MapGet("/api/v1/dev/clock", () => Results.Ok(Describe(clock))).AllowAnonymous().RequireLoopbackClient().DisableRateLimiting();

        app.MapPut("/api/v1/dev/clock", (ClockRequest? request) =>
        {
            var violations = new Violations();
            var today = violations.Date("today", request?.Today);
            // Dates already written (contracts, deadlines, sortable ids) assume time never runs backwards;
            // and a date past the real one by more than a few years is no demo, only overflows waiting.
            var from = ChinaTime.Today(clock);
            var realToday = ChinaTime.Today(TimeProvider.System);
            var latest = realToday.AddYears(MaxYearsAhead);
            if (today is { } ahead && ahead > latest)
            {
                violations.Add("today", Reasons.DateOutOfRange, $"may be at most {MaxYearsAhead} years past the real date ({Day(latest)})", ("min", from), ("max", latest), ("got", ahead));
            }
            else if (today is { } day && !clock.TryMoveTo(day.DayNumber - realToday.DayNumber))
            {
                violations.Add("today", Reasons.DateOutOfRange, $"may only move forward from {Day(from)}", ("min", from), ("max", latest), ("got", day));
            }

            if (violations.Any)
            {
                return DevTokens.Invalid(violations);
            }

            return Results.Ok(Describe(clock));
        }).RequireAuthorization(policy => policy.RequireAuthenticatedUser().RequireClaim(Roles.RoleClaim, Roles.Official, Roles.Operator)).RequireLoopbackClient().DisableRateLimiting();
    }

    public const int MaxYearsAhead = 5;


    private static ClockResponse Describe(DemoClock clock) =>
        new(Dates.Day(ChinaTime.Today(clock)), clock.OffsetDays());
}
