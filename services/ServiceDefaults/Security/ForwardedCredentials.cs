using Grpc.Core;

namespace FinanceMarket.ServiceDefaults.Security;

// A service reading another on a caller's behalf forwards the caller's token, so the other service
// makes its own object-level check against the same caller (an enterprise reads only itself).
public static class ForwardedCredentials
{
    public static Metadata From(ServerCallContext context)
    {
        var headers = new Metadata();
        if (context.RequestHeaders.GetValue("authorization") is { Length: > 0 } authorization)
        {
            headers.Add("authorization", authorization);
        }

        return headers;
    }
}
