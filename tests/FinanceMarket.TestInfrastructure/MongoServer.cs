using Xunit;
using Testcontainers.MongoDb;

namespace FinanceMarket.TestInfrastructure;

// Where the MongoDB half of the contract suites runs: a server named by FINANCEMARKET_TEST_MONGODB, else
// a replica-set container where a Docker engine is reachable, else nowhere, and the tests say why.
public static class MongoServer
{
    public const string Variable = "FINANCEMARKET_TEST_MONGODB";

    private static readonly Lazy<Task<(string? ConnectionString, string? SkipReason)>> Server = new(FindAsync);

    public static async Task<string> ConnectionStringOrSkipAsync()
    {
        var (connectionString, skipReason) = await Server.Value;
        Assert.SkipWhen(connectionString is null, skipReason ?? "no MongoDB");
        return connectionString!;
    }

    private static async Task<(string?, string?)> FindAsync()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } uri)
        {
            return (uri, null);
        }

        var dockerHost = Environment.GetEnvironmentVariable("DOCKER_HOST");
        if (string.IsNullOrEmpty(dockerHost) && !File.Exists("/var/run/docker.sock"))
        {
            return (null, $"MongoDB contract suite skipped: {Variable} is not set and no Docker engine is reachable (no DOCKER_HOST, no /var/run/docker.sock).");
        }

        try
        {
            // The outbox commits with the change in a transaction, which MongoDB allows only on a replica set.
            var container = new MongoDbBuilder("mongo:7.0").WithReplicaSet("rs0").Build();
            await container.StartAsync();
            return (container.GetConnectionString(), null);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return (null, $"MongoDB contract suite skipped: a Docker engine was expected but the MongoDB container did not start ({ex.GetType().Name}: {ex.Message}).");
        }
    }
}
