using Microsoft.AspNetCore.Http;

namespace FinanceMarket.ServiceDefaults.Security;

// A gRPC client reads its status from grpc-status, not from the HTTP status line: a refusal made before
// the call reaches a service (no token, rate limit) is answered as a trailers-only gRPC response.
public static class GrpcStatusAnswer
{
    public static bool IsGrpc(HttpRequest request) =>
        request.ContentType?.StartsWith("application/grpc", StringComparison.Ordinal) == true;

    public static void Write(HttpResponse response, int status, string message)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = Uri.EscapeDataString(message);
    }
}
