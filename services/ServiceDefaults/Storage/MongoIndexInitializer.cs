using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MongoDB.Driver;
using Polly;
using Polly.Retry;

namespace FinanceMarket.ServiceDefaults.Storage;

// Creates the indexes the store relies on (unique keys among them) before the service takes traffic.
// The database may still be electing a primary when a pod starts, hence the retries.
public sealed class MongoIndexInitializer(IMongoStore store, IMongoDatabase database, ILogger<MongoIndexInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var pipeline = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = 8,
                Delay = TimeSpan.FromSeconds(1),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder().Handle<MongoException>().Handle<TimeoutException>(),
                OnRetry = args =>
                {
                    logger.LogWarning(args.Outcome.Exception, "MongoDB not ready; creating indexes again in {Delay}", args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
        await pipeline.ExecuteAsync(async ct =>
        {
            await MongoOutbox.CreateIndexesAsync(database, ct);
            await Idempotency.MongoIdempotencyStore.CreateIndexesAsync(database, ct);
            await store.CreateIndexesAsync(ct);
        }, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
