using FinanceMarket.Subsidies.Model;
using FinanceMarket.ServiceDefaults.Events;
using FinanceMarket.Subsidies.Infrastructure;

namespace FinanceMarket.Subsidies.Grpc;

// The events subsidies keeps from other services, delivered by the Dapr sidecar (servers) or the relay's
// direct delivery (embedded), both with the app API token: every service's audit entries (an entry already
// in the log, by its event id, appends nothing) and officials' corrections of enterprises (a correction
// older than the one kept changes nothing). An event that cannot be read answers 422, so the sidecar
// retries it and then dead-letters it.
internal static class SubsidiesEvents
{
    public static WebApplication MapSubsidiesEvents(this WebApplication app)
    {
        app.UseEventSubscriptions();
        Map(app, async (AuditRecordedIntegrationEvent recorded, IServiceProvider services, CancellationToken cancellationToken) =>
        {
            await services.GetRequiredService<IAuditLog>().AppendAsync(recorded, cancellationToken);
            return Results.Ok(new { status = "SUCCESS" });
        });
        Map(app, async (EnterpriseCorrectedIntegrationEvent corrected, IServiceProvider services, CancellationToken cancellationToken) =>
        {
            if (!WireNames.TryParse<SizeClass>(corrected.SizeClass, out var size) || corrected.CorrectionCount < 1)
            {
                return Results.UnprocessableEntity(new { reason = $"size class '{corrected.SizeClass}' or correction {corrected.CorrectionCount} cannot be read" });
            }

            await services.GetRequiredService<IEnterpriseSizes>().ApplyAsync(corrected.Uscc, size, corrected.CorrectionCount, cancellationToken);
            return Results.Ok(new { status = "SUCCESS" });
        });
        return app;
    }

    private static void Map<TEvent>(WebApplication app, Func<TEvent, IServiceProvider, CancellationToken, Task<IResult>> handle) where TEvent : IntegrationEvent =>
        app.MapSubscription<TEvent>((TEvent received, HttpContext http, CancellationToken cancellationToken) => handle(received, http.RequestServices, cancellationToken));
}
