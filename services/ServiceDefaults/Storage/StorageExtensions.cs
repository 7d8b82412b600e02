using FinanceMarket.ServiceDefaults.Events;
using FinanceMarket.ServiceDefaults.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MongoDB.Driver;

namespace FinanceMarket.ServiceDefaults.Storage;

public interface ISqliteSchema
{
    static abstract string Schema { get; }
}

public interface IMongoStore
{
    Task CreateIndexesAsync(CancellationToken cancellationToken);
}

public static class StorageExtensions
{
    // Registers the service's store for the configured profile, and the outbox beside it.
    public static IHostApplicationBuilder AddDocumentStore<TStore, TSqlite, TMongo>(this IHostApplicationBuilder builder, string serviceName)
        where TStore : class
        where TSqlite : class, TStore, ISqliteSchema
        where TMongo : class, TStore, IMongoStore
    {
        var options = builder.Configuration.GetSection(InfrastructureOptions.Section).Get<InfrastructureOptions>() ?? new();
        if (options.Profile == InfrastructureProfile.Servers)
        {
            if (string.IsNullOrWhiteSpace(options.MongoConnectionString))
            {
                throw new InvalidOperationException("The servers profile needs FinanceMarket:MongoConnectionString.");
            }

            builder.Services.AddSingleton<IMongoClient>(_ => new MongoClient(options.MongoConnectionString));
            builder.Services.AddSingleton(sp => sp.GetRequiredService<IMongoClient>().GetDatabase(options.MongoDatabase ?? serviceName));
            builder.Services.AddSingleton<TMongo>();
            builder.Services.AddSingleton<TStore>(sp => sp.GetRequiredService<TMongo>());
            builder.Services.AddSingleton<IMongoStore>(sp => sp.GetRequiredService<TMongo>());
            builder.Services.AddSingleton<IOutboxStore, MongoOutbox>();
            builder.Services.AddSingleton<IAuditRecorder, MongoAuditRecorder>();
            builder.Services.AddHostedService<MongoIndexInitializer>();
        }
        else
        {
            var path = Path.Combine(options.DataDir, serviceName + ".db");
            builder.Services.AddSingleton(sp => new SqliteDatabase(path, TSqlite.Schema) { Faults = sp.GetRequiredService<FaultSwitches>() });
            builder.Services.AddSingleton<TStore, TSqlite>();
            builder.Services.AddSingleton<IOutboxStore, SqliteOutbox>();
            builder.Services.AddSingleton<IAuditRecorder, SqliteAuditRecorder>();
        }

        return builder;
    }

    // A second store of the same service, in the same database (its SQLite tables are in the first store's
    // schema; its MongoDB indexes are created by the first store).
    public static IHostApplicationBuilder AddCompanionStore<TStore, TSqlite, TMongo>(this IHostApplicationBuilder builder)
        where TStore : class
        where TSqlite : class, TStore
        where TMongo : class, TStore
    {
        var options = builder.Configuration.GetSection(InfrastructureOptions.Section).Get<InfrastructureOptions>() ?? new();
        if (options.Profile == InfrastructureProfile.Servers)
        {
            builder.Services.AddSingleton<TStore, TMongo>();
        }
        else
        {
            builder.Services.AddSingleton<TStore, TSqlite>();
        }

        return builder;
    }
}