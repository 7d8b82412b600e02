using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace FinanceMarket.ServiceDefaults.Hosting;

// Timeouts, retries and the circuit breaker of a service's calls to another service.
public sealed class RemoteCallOptions
{
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(2);

    public int MaxRetries { get; set; } = 2;

    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    // Open after half the calls of a 30 s window failed (at least MinimumThroughput of them), for BreakDuration.
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    public int MinimumThroughput { get; set; } = 5;
}

public static class ResilientGrpcClients
{
    // A gRPC client whose unary calls run through a Polly pipeline that understands gRPC statuses: for
    // clients whose calls are reads, since a retried call runs twice on the server if the first answer was lost. The
    // HTTP-level standard handler of ServiceDefaults is removed underneath: it cannot see a gRPC failure
    // (the HTTP status is 200) and would only stack a second retry on connection errors.
    // The caller names itself and the service it reads: a read the topology does not list fails at start-up,
    // so the map (and the network policies drawn from it) cannot fall behind the code.
    public static IHttpClientBuilder AddResilientGrpcClient<TClient>(this IHostApplicationBuilder builder, ServiceNode caller, ServiceNode target, RemoteCallOptions options)
        where TClient : ClientBase
    {
        if (!caller.Reads.Contains(target))
        {
            throw new InvalidOperationException($"{caller} calls {target}, but the topology (services/Topology) does not list {target} among its reads.");
        }

        var address = builder.Configuration.AddressOf(target);
        var pipeline = Pipeline(options, typeof(TClient).Name);
#pragma warning disable EXTEXP0001
        return builder.Services.AddGrpcClient<TClient>(o => o.Address = address)
            .AddInterceptor(() => new ResilienceInterceptor(pipeline))
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
    }

    public static bool IsTransient(RpcException exception) =>
        exception.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded;

    // True when the other service could not answer (down, slow, or its circuit open): the caller's
    // problem is not the request, and the answer is UNAVAILABLE.
    public static bool IsUnreachable(Exception exception) => exception switch
    {
        RpcException rpc => IsTransient(rpc),
        TimeoutRejectedException or BrokenCircuitException => true,
        _ => false,
    };

    // A read from another service: its refusals (not found, denied, invalid) pass through as they are; its
    // silence (down, slow, its circuit open) becomes UNAVAILABLE, naming who did not answer.
    public static async Task<T> ReadAsync<T>(string who, Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (Exception ex) when (IsUnreachable(ex))
        {
            throw new RpcException(new Status(StatusCode.Unavailable, $"{who} is not answering ({ex.Message}); try again in a minute."));
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.NotFound or StatusCode.PermissionDenied or StatusCode.InvalidArgument)
        {
            throw new RpcException(new Status(ex.StatusCode, ex.Status.Detail));
        }
    }

    // Retry outermost (with jitter, so callers that failed together do not retry together), then the
    // circuit breaker, then the timeout of one attempt.
    public static ResiliencePipeline Pipeline(RemoteCallOptions options, string name)
    {
        var transient = new PredicateBuilder().Handle<RpcException>(IsTransient).Handle<TimeoutRejectedException>();
        var pipeline = new ResiliencePipelineBuilder { Name = name };
        if (options.MaxRetries > 0)
        {
            pipeline.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = transient,
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            });
        }

        return pipeline
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = transient,
                FailureRatio = 0.5,
                MinimumThroughput = Math.Max(2, options.MinimumThroughput),
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = options.BreakDuration,
            })
            .AddTimeout(options.AttemptTimeout)
            .Build();
    }

    private sealed class ResilienceInterceptor(ResiliencePipeline pipeline) : Interceptor
    {
        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
            TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
        {
            var response = pipeline.ExecuteAsync(async token =>
            {
                // Polly's token carries the caller's cancellation and the attempt's timeout.
                var attempt = new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, context.Options.WithCancellationToken(token));
                using var call = continuation(request, attempt);
                try
                {
                    return await call.ResponseAsync;
                }
                catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && token.IsCancellationRequested)
                {
                    // gRPC reports its cancelled call as an RpcException; Polly recognises its own timeout (or the
                    // caller's cancellation) only as an OperationCanceledException on that token.
                    throw new OperationCanceledException(ex.Status.Detail, ex, token);
                }
            }, context.Options.CancellationToken).AsTask();
            return new AsyncUnaryCall<TResponse>(response, Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });
        }
    }
}
