using System.Text.Json.Nodes;
using FinanceMarket.IntegrationEvents;

namespace FinanceMarket.DeploymentTests;

// The self-hosted Dapr run (dapr.yaml and dapr/components) must agree with the code as k8s/ does.
public sealed class SelfHostedRunTests
{
    private static readonly RepoFacts Facts = RepoFacts.Read();

    [Fact]
    public void The_run_file_starts_every_service_and_the_gateway_as_h2c_apps()
    {
        var run = Load("dapr.yaml");
        var apps = run["apps"]!.AsArray().Select(a => a!.AsObject()).ToList();

        Assert.Equal(Facts.Images.Keys.Order(StringComparer.Ordinal), apps.Select(a => (string)a["appID"]!).Order(StringComparer.Ordinal));
        Assert.All(apps.Where(a => Facts.ServiceAppIds.Contains((string)a["appID"]!)), a => Assert.Equal("h2c", (string?)a["appProtocol"]));
        Assert.All(apps, a => Assert.True(Directory.Exists(Path.Combine(Manifests.RepoRoot, (string)a["appDirPath"]!)), (string?)a["appDirPath"]));
        Assert.Equal("Servers", (string?)run["common"]!["env"]!["FinanceMarket__Profile"]);
    }

    [Fact]
    public void The_local_pubsub_component_has_the_name_and_topics_the_code_uses()
    {
        var component = Load(Path.Combine("dapr", "components", "pubsub.yaml"));
        var problems = ManifestRules.Check([component, .. Manifests.Render("dev").Where(d => ManifestRules.Kind(d) != "Component")], Facts);

        Assert.Equal(PubSub.Name, (string?)component["metadata"]!["name"]);
        Assert.DoesNotContain(problems, p => p.Contains("Component", StringComparison.Ordinal));
    }

    private static JsonObject Load(string path) => Manifests.Parse(File.ReadAllText(Path.Combine(Manifests.RepoRoot, path))).Single();
}
