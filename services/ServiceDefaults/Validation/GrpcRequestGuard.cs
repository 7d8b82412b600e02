using System.Buffers.Binary;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using FinanceMarket.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace FinanceMarket.ServiceDefaults.Validation;

// A gRPC request whose message does not parse as the method's request type is INVALID_ARGUMENT, as any
// other bad input is. grpc-dotnet reads the message before any interceptor runs and answers a parse
// failure as UNKNOWN ("Exception was thrown by handler"), so the message is read and parsed here first,
// against the request type the service's descriptor names, and then handed on unchanged. Every method of
// the platform takes one request message (none streams from the client).
public static class GrpcRequestGuard
{
    private const int FrameHeader = 5;

    public static IApplicationBuilder UseGrpcRequestGuard(this IApplicationBuilder app, IReadOnlyList<ServiceDescriptor> services)
    {
        var requests = services.SelectMany(service => service.Methods)
            .ToDictionary(m => $"/{m.Service.FullName}/{m.Name}", m => m.InputType, StringComparer.Ordinal);
        return app.Use(async (http, next) =>
        {
            if (!GrpcStatusAnswer.IsGrpc(http.Request) || !requests.TryGetValue(http.Request.Path.Value ?? string.Empty, out var message))
            {
                await next(http);
                return;
            }

            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
            var body = buffer.ToArray();
            if (Problem(body, message) is { } problem)
            {
                GrpcStatusAnswer.Write(http.Response, 3, $"The request is not a valid {message.Name}: {problem}");
                return;
            }

            http.Request.Body = new MemoryStream(body, writable: false);
            await next(http);
        });
    }

    private static string? Problem(byte[] body, MessageDescriptor message)
    {
        if (body.Length < FrameHeader)
        {
            return "the body holds no length-prefixed message";
        }

        var compressed = body[0];
        var length = BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(1, 4));
        if (compressed > 1 || length != body.Length - FrameHeader)
        {
            return "the body must hold exactly one length-prefixed message";
        }

        if (compressed == 1)
        {
            // Left to gRPC, which inflates within its own size limit; the platform's clients do not compress.
            return null;
        }

        try
        {
            message.Parser.ParseFrom(body, FrameHeader, body.Length - FrameHeader);
            return null;
        }
        catch (InvalidProtocolBufferException ex)
        {
            return ex.Message;
        }
    }
}
