using System.Net;
using System.Threading.RateLimiting;
using FinanceMarket.ServiceDefaults.Security;
using Google.Api;
using Google.Protobuf.Reflection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;

namespace FinanceMarket.Gateway;

// What a request costs at the edge. A signed-in subject has one token bucket per route class (reads,
// writes, needs, streams), so a bank polling its inbox cannot spend the budget of its own decisions, and
// no subject can starve another. Without a token, a client address has an anonymous bucket; with a
// refused token, another one, so a flood of bad tokens does not lock the pages' sign-in out for everyone
// behind the same address. Over all of it, a ceiling on requests in flight at once. The client address is
// the peer's, or the one a trusted proxy (the ingress) names in X-Forwarded-For.
internal static class RateLimiting
{
    public enum RouteClass
    {
        Read,
        Write,
        Need,
        Stream,
    }

    public const string NeedsPath = "/api/v1/financing-needs";

    public static void AddSubjectRateLimiting(this WebApplicationBuilder builder, GatewayOptions options)
    {
        builder.Services.Configure<ForwardedHeadersOptions>(forwarded => TrustProxies(forwarded, options.TrustedProxies));
        var grpcClasses = GrpcRouteClasses();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(http => ClassOf(http, grpcClasses) == RouteClass.Stream
                    ? RateLimitPartition.GetNoLimiter("streams")
                    : RateLimitPartition.GetConcurrencyLimiter("in-flight", _ => new ConcurrencyLimiterOptions { PermitLimit = options.MaxConcurrentRequests, QueueLimit = 0 })),
                PartitionedRateLimiter.Create<HttpContext, string>(http => Budget(http, ClassOf(http, grpcClasses), options)));
            limiter.OnRejected = (context, _) => Reject(context);
        });
    }

    private static RateLimitPartition<string> Budget(HttpContext http, RouteClass routeClass, GatewayOptions options)
    {
        var subject = http.User.Identity?.IsAuthenticated == true ? http.User.FindFirst(Roles.SubjectClaim)?.Value : null;
        var address = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var (key, permits, burst) = subject is not null
            ? routeClass switch
            {
                RouteClass.Write => ($"sub:{subject}:write", options.WritePermitsPerSecond, options.WriteBurst),
                RouteClass.Need => ($"sub:{subject}:need", options.NeedPermitsPerSecond, options.NeedBurst),
                RouteClass.Stream => ($"sub:{subject}:stream", options.StreamPermitsPerSecond, options.StreamBurst),
                _ => ($"sub:{subject}:read", options.PermitsPerSecond, options.Burst),
            }
            : http.Request.Headers.Authorization.Count > 0
                ? ($"bad:{address}", options.BadTokenPermitsPerSecond, options.BadTokenBurst)
                : ($"anon:{address}", options.AnonymousPermitsPerSecond, options.AnonymousBurst);
        return RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = permits,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    // REST by its verb (the contracts map every read to GET); gRPC by the method's own HTTP rule.
    public static RouteClass ClassOf(HttpContext http, IReadOnlyDictionary<string, RouteClass> grpcClasses)
    {
        if (GrpcStatusAnswer.IsGrpc(http.Request))
        {
            return grpcClasses.TryGetValue(http.Request.Path.Value ?? string.Empty, out var known) ? known : RouteClass.Write;
        }

        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || HttpMethods.IsOptions(http.Request.Method))
        {
            return RouteClass.Read;
        }

        return http.Request.Path.Equals(NeedsPath, StringComparison.Ordinal) ? RouteClass.Need : RouteClass.Write;
    }

    public static IReadOnlyDictionary<string, RouteClass> GrpcRouteClasses()
    {
        var classes = new Dictionary<string, RouteClass>(StringComparer.Ordinal);
        foreach (var service in Protos.Services)
        {
            foreach (var method in service.Methods)
            {
                var rule = method.GetOptions()?.GetExtension(AnnotationsExtensions.Http);
                classes[$"/{service.FullName}/{method.Name}"] = method.IsServerStreaming ? RouteClass.Stream
                    : !string.IsNullOrEmpty(rule?.Get) ? RouteClass.Read
                    : rule?.Post == NeedsPath ? RouteClass.Need
                    : RouteClass.Write;
            }
        }

        return classes;
    }

    private static void TrustProxies(ForwardedHeadersOptions forwarded, IEnumerable<string> configured)
    {
        // ASP.NET trusts loopback by default, and every peer once both lists are empty; here only what is
        // configured, and with nothing configured the header is not read at all, so that no client can
        // name itself another address.
        var trusted = configured.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).ToList();
        forwarded.ForwardedHeaders = trusted.Count > 0 ? ForwardedHeaders.XForwardedFor : ForwardedHeaders.None;
        forwarded.KnownProxies.Clear();
        forwarded.KnownIPNetworks.Clear();
        foreach (var entry in trusted)
        {
            if (entry.Contains('/', StringComparison.Ordinal))
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(entry));
            }
            else
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(entry));
            }
        }
    }

    private static ValueTask Reject(OnRejectedContext context)
    {
        var response = context.HttpContext.Response;
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 1;
        response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var message = $"Rate limit exceeded for this caller; retry after {seconds} s.";
        if (GrpcStatusAnswer.IsGrpc(context.HttpContext.Request))
        {
            GrpcStatusAnswer.Write(response, 8, message);
            return ValueTask.CompletedTask;
        }

        response.StatusCode = StatusCodes.Status429TooManyRequests;
        return new ValueTask(response.WriteAsJsonAsync(new { code = 8, message, details = Array.Empty<object>() }));
    }
}
