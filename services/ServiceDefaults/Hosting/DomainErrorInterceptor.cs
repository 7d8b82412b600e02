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
    }

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
            var badRequest = new BadRequest();
            badRequest.FieldViolations.AddRange(violation.Problems.Select(p => new BadRequest.Types.FieldViolation { Field = p.Field, Description = p.Description }));
            return new Google.Rpc.Status
            {
                Code = (int)Code.InvalidArgument,
                Message = violation.Message,
                Details = { Google.Protobuf.WellKnownTypes.Any.Pack(badRequest) },
            }.ToRpcException();
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
