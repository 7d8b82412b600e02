using Grpc.AspNetCore.Server;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MongoDB.Driver;
using FinanceMarket.ServiceDefaults.Hosting;
using FinanceMarket.ServiceDefaults.Storage;

namespace FinanceMarket.ServiceDefaults.Idempotency;

public static class IdempotencyExtensions
{
    // Keys are kept in the service's own database: its SQLite file or MongoDB database, unless the service
    // registered a store of its own (totals on Redis).
    public static IHostApplicationBuilder AddIdempotency(this IHostApplicationBuilder builder, IReadOnlyList<Google.Protobuf.Reflection.ServiceDescriptor> services)
    {
        builder.Services.AddSingleton(new IdempotentMethods(services));
        builder.Services.AddSingleton(sp => new IdempotencyClock(sp.GetRequiredService<TimeProvider>()));
        builder.Services.TryAddSingleton<IIdempotencyStore>(sp =>
            sp.GetService<SqliteDatabase>() is { } sqlite ? new SqliteIdempotencyStore(sqlite)
            : sp.GetService<IMongoDatabase>() is { } mongo ? new MongoIdempotencyStore(mongo)
            : throw new InvalidOperationException("A gRPC service keeps its Idempotency-Keys in its database: register a SqliteDatabase, an IMongoDatabase or an IIdempotencyStore."));
        builder.Services.AddHostedService<IdempotencyPurge>();
        // One instance, so one set of key locks serves every call (gRPC would otherwise make one per call).
        builder.Services.AddSingleton<IdempotencyInterceptor>();
        builder.Services.Configure<GrpcServiceOptions>(o => o.Interceptors.Add<IdempotencyInterceptor>());
        return builder;
    }
}

// Deletes keys past their 24 hours, so the table holds about a day of writes.
public sealed class IdempotencyPurge(IIdempotencyStore store, IdempotencyClock clock, ILogger<IdempotencyPurge> logger)
    : PeriodicSweep(clock.Time, logger)
{
    protected override TimeSpan Every => TimeSpan.FromHours(1);

    protected override string Moves => "expired idempotency keys deleted";

    public override Task<int> RunOnceAsync(CancellationToken cancellationToken) =>
        store.PurgeAsync(clock.Now - IdempotencyStores.Retention, cancellationToken);
}
