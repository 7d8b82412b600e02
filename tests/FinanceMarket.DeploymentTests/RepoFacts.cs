using FinanceMarket.IntegrationEvents;

namespace FinanceMarket.DeploymentTests;

// What the topology (services/Topology) and the projects say, for the manifests to agree with.
public sealed record RepoFacts(
    IReadOnlyList<string> ServiceAppIds,
    IReadOnlyDictionary<string, string> Images,
    IReadOnlyList<string> Topics,
    IReadOnlyDictionary<string, IReadOnlySet<string>> PublishedBy,
    IReadOnlyDictionary<string, IReadOnlySet<string>> Reads)
{
    public const string Registry = "ghcr.io/financemarket/";

    public static RepoFacts Read()
    {
        // A runnable service is a Web SDK project under services/ (as Directory.Build.props names its image);
        // each must be a service of the topology, and each service of the topology such a project.
        var projects = Directory.GetDirectories(Path.Combine(Manifests.RepoRoot, "services"))
            .SelectMany(d => Directory.GetFiles(d, "*.csproj"))
            .Where(p => File.ReadAllText(p).Contains("Microsoft.NET.Sdk.Web", StringComparison.Ordinal))
            .Select(p => Path.GetFileNameWithoutExtension(p).Replace("FinanceMarket.", "", StringComparison.Ordinal).ToLowerInvariant())
            .Order(StringComparer.Ordinal)
            .ToList();
        var services = Topology.Services.Select(s => s.Name).Order(StringComparer.Ordinal).ToList();
        if (!projects.SequenceEqual(services))
        {
            throw new InvalidOperationException($"The service projects ({string.Join(", ", projects)}) are not the topology's services ({string.Join(", ", services)})");
        }

        var images = services.Append(Topology.Gateway.Name).ToDictionary(app => app, app => Registry + app);
        var topics = PubSub.EventTypes.Select(t => t.Name).ToList();
        // A subscriber publishes the dead letters of what it subscribes to (daprd does, in its name).
        var publishedBy = Topology.Services
            .Select(s => (s.Name, Topics: s.PublishedTopics.Concat(s.SubscribedTopics.Select(t => t + PubSub.DeadLetterSuffix)).ToHashSet(StringComparer.Ordinal)))
            .Where(s => s.Topics.Count > 0)
            .ToDictionary(s => s.Name, s => (IReadOnlySet<string>)s.Topics);
        var reads = Topology.Services.Append(Topology.Gateway)
            .ToDictionary(s => s.Name, s => (IReadOnlySet<string>)s.Reads.Select(r => r.Name).ToHashSet(StringComparer.Ordinal));
        return new RepoFacts(services, images, topics, publishedBy, reads);
    }
}
