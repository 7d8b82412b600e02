using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using FinanceMarket.Domain;

namespace FinanceMarket.ServiceDefaults.Hosting;

// The one place domain refusals become gRPC statuses (and, through JSON transcoding, HTTP statuses): the
// model and the stores throw DomainException and know nothing of gRPC.
public sealed class DomainErrorInterceptor : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (DomainException ex)
        {
            throw ToRpc(ex);
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex) when (IsStorageUnavailable(ex))
        {
            throw new RpcException(new Grpc.Core.Status(StatusCode.Unavailable,
                $"The service's storage takes no writes at the moment ({ex.Message.TrimEnd('.')}); nothing was stored: try again shortly."));
        }
    }

    // A full disk, a file that cannot be written or opened, a lock held too long: the write was rolled back
    // whole, and the same request may succeed in a moment, so the client hears UNAVAILABLE (503), not 500.
    private static bool IsStorageUnavailable(Microsoft.Data.Sqlite.SqliteException exception) =>
        exception.SqliteErrorCode is 5 or 6 or 8 or 10 or 13 or 14; // BUSY, LOCKED, READONLY, IOERR, FULL, CANTOPEN

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (DomainException ex)
        {
            throw ToRpc(ex);
        }
    }

    public static RpcException ToRpc(DomainException exception)
    {
        if (exception is RuleViolationException violation)
        {
            return Validation.InvalidArgument.Status(violation.Message, violation.Problems).ToRpcException();
        }

        var code = exception switch
        {
            NotFoundException => StatusCode.NotFound,
            ForbiddenException => StatusCode.PermissionDenied,
            PreconditionException => StatusCode.FailedPrecondition,
            ConflictException => StatusCode.Aborted,
            AlreadyExistsException => StatusCode.AlreadyExists,
            _ => StatusCode.Internal,
        };
        return new RpcException(new Grpc.Core.Status(code, exception.Message));
    }
}
