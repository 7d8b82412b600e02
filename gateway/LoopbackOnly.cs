using System.Net;

namespace FinanceMarket.Gateway;

// The local-mode endpoints (demo tokens, the demo clock) answer only a client on this machine that asked
// for this machine by name: a loopback peer address and a Host of localhost or a loopback address. The
// Host check is what stops DNS rebinding, where a web page of attacker.example, re-resolved to
// 127.0.0.1, makes the user's browser call the gateway with "Host: attacker.example".
internal static class LoopbackOnly
{
    public static TBuilder RequireLoopbackClient<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
            IsLoopbackClient(context.HttpContext)
                ? await next(context)
                : Results.Json(new { code = 7, message = "Local-mode endpoints answer only a client on this machine that names it (Host: localhost or 127.0.0.1).", details = Array.Empty<object>() },
                    statusCode: StatusCodes.Status403Forbidden));

    public static bool IsLoopbackClient(HttpContext http)
    {
        if (http.Connection.RemoteIpAddress is not { } peer || !IPAddress.IsLoopback(peer))
        {
            return false;
        }

        var host = http.Request.Host.Host;
        return string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
    }
}
