using Dapr;
using FinanceMarket.Subsidies.Infrastructure;

namespace FinanceMarket.Subsidies.Grpc;

// Every service's audit entries, delivered by the Dapr sidecar (servers) or the relay's direct delivery
// (embedded), both with the app API token. An entry already in the log (its event id) answers SUCCESS
// and appends nothing.
internal static class AuditEvents
{
    public static readonly string Route = "/events/" + PubSub.TopicOf<AuditRecordedIntegrationEvent>();

    public static WebApplication MapAuditEvents(this WebApplication app)
    {
        app.UseCloudEvents();
        app.MapSubscribeHandler().AllowAnonymous();
        app.MapPost(Route, async (AuditRecordedIntegrationEvent recorded, IAuditLog log, CancellationToken cancellationToken) =>
            {
                await log.AppendAsync(recorded, cancellationToken);
                return Results.Ok(new { status = "SUCCESS" });
            })
            .WithTopic(new TopicOptions
            {
                PubsubName = PubSub.Name,
                Name = PubSub.TopicOf<AuditRecordedIntegrationEvent>(),
                DeadLetterTopic = PubSub.DeadLetterTopicOf<AuditRecordedIntegrationEvent>(),
            })
            .RequireAuthorization(ServiceDefaults.Security.DaprApp.Policy);
        return app;
    }
}
