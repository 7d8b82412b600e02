using Yarp.ReverseProxy.Forwarder;

namespace FinanceMarket.Gateway;

// A service that cannot be reached (its process down or restarting, its connection dropped before it
// answered) is UNAVAILABLE to the caller, as docs/api.md promises: 503 with the code, the service named and
// Retry-After over REST, grpc-status 14 over gRPC. YARP's own answer is a bare 502, which clients do not
// take for "try again".
internal static class UnreachableBackends
{
    public static void MapReverseProxyAnsweringUnavailable(this WebApplication app) =>
        app.MapReverseProxy(proxy =>
        {
            proxy.Use(AnswerUnavailableAsync);
            // The stages MapReverseProxy() adds when given no pipeline of its own.
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });

    private static async Task AnswerUnavailableAsync(HttpContext context, Func<Task> next)
    {
        await next();
        // Only where the service gave no answer: YARP's own 502 (or 503 without a destination). A service that
        // answered before reading the whole body (a 403 to a token it refuses) leaves a body error behind
        // that timing decides; its answer stands, headers and all.
        if (context.Response.HasStarted
            || context.Response.StatusCode is not (StatusCodes.Status502BadGateway or StatusCodes.Status503ServiceUnavailable)
            || context.GetForwarderErrorFeature()?.Error is not (ForwarderError.Request or ForwarderError.RequestBodyDestination or ForwarderError.NoAvailableDestinations))
        {
            return;
        }

        context.Response.Headers.Clear();

        var service = context.GetReverseProxyFeature().Route.Config.ClusterId;
        var message = $"The {service} service is not answering (it may be restarting); try again in a moment. "
            + "A write sent with an Idempotency-Key may be sent again with the same key.";
        if (context.Request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true)
        {
            // A trailers-only gRPC answer: the status in the headers, no message.
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = "14";
            context.Response.Headers["grpc-message"] = Uri.EscapeDataString(message);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "1";
        await context.Response.WriteAsJsonAsync(new { code = 14, message, details = Array.Empty<object>() });
    }
}
