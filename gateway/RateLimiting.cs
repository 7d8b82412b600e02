using System.Threading.RateLimiting;
using FinanceMarket.ServiceDefaults.Security;
using Microsoft.AspNetCore.RateLimiting;

namespace FinanceMarket.Gateway;

internal static class RateLimiting
{
    // A token bucket per caller: the token's subject, or the client address before one is presented,
    // so one busy bank system cannot starve the enterprises filing their needs.
    public static void AddSubjectRateLimiting(this WebApplicationBuilder builder, GatewayOptions options)
    {
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                var subject = http.User.FindFirst(Roles.SubjectClaim)?.Value;
                var key = subject is null ? "ip:" + http.Connection.RemoteIpAddress : "sub:" + subject;
                return RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.Burst,
                    TokensPerPeriod = options.PermitsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            limiter.OnRejected = (context, _) => Reject(context);
        });
    }

    private static ValueTask Reject(OnRejectedContext context)
    {
        var response = context.HttpContext.Response;
        response.Headers.RetryAfter = "1";
        if (GrpcStatusAnswer.IsGrpc(context.HttpContext.Request))
        {
            GrpcStatusAnswer.Write(response, 8, "Rate limit exceeded for this caller; retry after 1 s.");
            return ValueTask.CompletedTask;
        }

        response.StatusCode = StatusCodes.Status429TooManyRequests;
        return new ValueTask(response.WriteAsJsonAsync(new { code = 8, message = "Rate limit exceeded for this caller; retry after 1 s.", details = Array.Empty<object>() }));
    }
}
