using System.Reflection;
using FinanceMarket.IntegrationEvents;

namespace FinanceMarket.DeploymentTests;

// What the code says, for the manifests to agree with.
public sealed record RepoFacts(
    IReadOnlyList<string> ServiceAppIds,
    IReadOnlyDictionary<string, string> Images,
    IReadOnlyList<string> Topics,
    IReadOnlyDictionary<string, IReadOnlySet<string>> PublishedBy)
{
    public const string Registry = "ghcr.io/financemarket/";

    public static RepoFacts Read()
    {
        // A runnable service is a Web SDK project under services/ (as Directory.Build.props names its image).
        var services = Directory.GetDirectories(Path.Combine(Manifests.RepoRoot, "services"))
            .SelectMany(d => Directory.GetFiles(d, "*.csproj"))
            .Where(p => File.ReadAllText(p).Contains("Microsoft.NET.Sdk.Web", StringComparison.Ordinal))
            .Select(p => Path.GetFileNameWithoutExtension(p).Replace("FinanceMarket.", "", StringComparison.Ordinal).ToLowerInvariant())
            .Order(StringComparer.Ordinal)
            .ToList();
        var images = services.Append("gateway").ToDictionary(app => app, app => Registry + app);
        var topics = PubSub.EventTypes.Select(t => t.Name).ToList();
        var publishedBy = PubSub.EventTypes
            .SelectMany(t => t.GetCustomAttributes<PublishedByAttribute>().Select(a => (a.AppId, t.Name)).DefaultIfEmpty(
                (AppId: t.Name + " has no [PublishedBy]", t.Name)))
            .GroupBy(p => p.AppId)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Name).ToHashSet(StringComparer.Ordinal));
        if (publishedBy.Keys.FirstOrDefault(k => k.EndsWith(" has no [PublishedBy]", StringComparison.Ordinal)) is { } missing)
        {
            throw new InvalidOperationException(missing);
        }

        // A subscriber publishes the dead letters of what it subscribes to (daprd does, in its name).
        foreach (var type in PubSub.EventTypes)
        {
            foreach (var subscriber in type.GetCustomAttributes<SubscribedByAttribute>())
            {
                if (!publishedBy.TryGetValue(subscriber.AppId, out var own))
                {
                    publishedBy[subscriber.AppId] = own = new HashSet<string>(StringComparer.Ordinal);
                }

                own.Add(type.Name + PubSub.DeadLetterSuffix);
            }
        }

        return new RepoFacts(services, images, topics, publishedBy.ToDictionary(p => p.Key, p => (IReadOnlySet<string>)p.Value));
    }
}
