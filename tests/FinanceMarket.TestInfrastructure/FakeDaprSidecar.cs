using System.Collections.Concurrent;
using Dapr.Client.Autogen.Grpc.v1;
using Google.Protobuf.WellKnownTypes;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace FinanceMarket.TestInfrastructure;

// daprd's gRPC API reduced to the one method the relay calls. Dapr.Protos has the messages but no server
// base class, so the method is bound by hand; grpc-dotnet finds the handler by the method's name.
[BindServiceMethod(typeof(FakeDaprSidecar), nameof(BindService))]
public class FakeDaprSidecar
{
    private int _failuresToAnswer;

    public ConcurrentQueue<PublishEventRequest> Published { get; } = new();

    public int Calls => Volatile.Read(ref _calls);

    private int _calls;

    // The broker is down for the next n calls.
    public void FailNext(int times) => Volatile.Write(ref _failuresToAnswer, times);

    public virtual Task<Empty> PublishEvent(PublishEventRequest request, ServerCallContext context)
    {
        Interlocked.Increment(ref _calls);
        if (Interlocked.Decrement(ref _failuresToAnswer) >= 0)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "pubsub component not ready"));
        }

        Published.Enqueue(request);
        return Task.FromResult(new Empty());
    }

    public static void BindService(ServiceBinderBase binder, FakeDaprSidecar? service)
    {
        var method = new Method<PublishEventRequest, Empty>(
            MethodType.Unary,
            "dapr.proto.runtime.v1.Dapr",
            "PublishEvent",
            Marshallers.Create(m => Google.Protobuf.MessageExtensions.ToByteArray(m), PublishEventRequest.Parser.ParseFrom),
            Marshallers.Create(m => Google.Protobuf.MessageExtensions.ToByteArray(m), Empty.Parser.ParseFrom));
        binder.AddMethod(method, service is null ? null : service.PublishEvent);
    }

    public static async Task<(ServiceHost Host, FakeDaprSidecar Sidecar)> StartAsync()
    {
        var sidecar = new FakeDaprSidecar();
        var host = await ServiceHost.StartAsync((args, configure) =>
        {
            var builder = WebApplication.CreateSlimBuilder(args);
            builder.WebHost.ConfigureKestrel(k => k.ConfigureEndpointDefaults(e => e.Protocols = HttpProtocols.Http2));
            builder.Services.AddGrpc();
            builder.Services.AddSingleton(sidecar);
            configure?.Invoke(builder);
            var app = builder.Build();
            app.MapGrpcService<FakeDaprSidecar>();
            return app;
        }, AppContext.BaseDirectory, new Dictionary<string, string?>());
        return (host, sidecar);
    }
}
