using Dapr;
using FinanceMarket.IntegrationEvents;
using FinanceMarket.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace FinanceMarket.ServiceDefaults.Events;

// How a service subscribes: CloudEvents unwrapped, /dapr/subscribe listing its topics (daprd reads it, and
// so does the relay's direct delivery), and each topic's route with its dead-letter topic, accepting only
// deliveries that carry the app API token.
public static class Subscriptions
{
    public static WebApplication UseEventSubscriptions(this WebApplication app)
    {
        app.UseCloudEvents();
        app.MapSubscribeHandler().AllowAnonymous();
        return app;
    }

    public static RouteHandlerBuilder MapSubscription<TEvent>(this IEndpointRouteBuilder app, Delegate handler, string? route = null)
        where TEvent : IntegrationEvent =>
        app.MapPost(route ?? "/events/" + PubSub.TopicOf<TEvent>(), handler)
            .WithTopic(new TopicOptions { PubsubName = PubSub.Name, Name = PubSub.TopicOf<TEvent>(), DeadLetterTopic = PubSub.DeadLetterTopicOf<TEvent>() })
            .RequireAuthorization(DaprApp.Policy)
            // The fault replay's "subscriber failing": 500 to every delivery while the switch is on, so the
            // publisher must hold the events and deliver them again.
            .AddEndpointFilter(async (context, next) =>
                context.HttpContext.RequestServices.GetService(typeof(Hosting.FaultSwitches)) is Hosting.FaultSwitches switches && switches.IsOn(Hosting.FaultSwitches.SubscriberFailing)
                    ? Results.StatusCode(StatusCodes.Status500InternalServerError)
                    : await next(context));
}
