using System.Text.Json.Nodes;
using FinanceMarket.IntegrationEvents;

namespace FinanceMarket.DeploymentTests;

public sealed class ManifestTests
{
    private static readonly RepoFacts Facts = RepoFacts.Read();
    private static readonly Lazy<List<JsonObject>> Production = new(() => Manifests.Render("production"));

    public static TheoryData<string> Overlays => new(Manifests.Overlays);

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Every_overlay_renders_and_holds_every_invariant(string overlay)
    {
        var problems = ManifestRules.Check(Manifests.Render(overlay), Facts);

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void The_rules_know_the_services_of_this_repository()
    {
        Assert.Contains("enterprises", Facts.ServiceAppIds);
        Assert.Contains("catalog", Facts.ServiceAppIds);
        Assert.Equal(PubSub.EventTypes.Count, Facts.Topics.Count);
        Assert.NotEmpty(Facts.Topics);
    }

    [Fact]
    public void A_missing_probe_is_caught() =>
        AssertCaught(docs => Container(docs, "catalog").Remove("readinessProbe"), "catalog", "readinessProbe is missing");

    [Fact]
    public void A_missing_limit_is_caught() =>
        AssertCaught(docs => Container(docs, "enterprises")["resources"]!.AsObject().Remove("limits"), "enterprises", "resources.limits.memory is missing");

    [Fact]
    public void A_mismatched_app_id_is_caught() =>
        AssertCaught(docs => Annotations(docs, "catalog")["dapr.io/app-id"] = "catalogue", "catalog", "dapr.io/app-id 'catalogue'");

    [Fact]
    public void A_mismatched_app_port_is_caught() =>
        AssertCaught(docs => Annotations(docs, "enterprises")["dapr.io/app-port"] = "5000", "enterprises", "dapr.io/app-port '5000'");

    [Fact]
    public void A_drifted_topic_is_caught() =>
        AssertCaught(docs => PubSubMetadata(docs, "allowedTopics")["value"] = "EnterpriseRegistered,ProductListed", "pubsub", "allowedTopics drifted");

    [Fact]
    public void A_publisher_outside_its_scope_is_caught() =>
        AssertCaught(docs => PubSubMetadata(docs, "publishingScopes")["value"] = "enterprises=EnterpriseRegisteredIntegrationEvent;catalog=ProductListedIntegrationEvent",
            "pubsub", "publishingScopes for catalog drifted");

    [Fact]
    public void A_latest_image_is_caught() =>
        AssertCaught(docs => Container(docs, "gateway")["image"] = "ghcr.io/financemarket/gateway:latest", "gateway", "must name a version");

    [Fact]
    public void A_writable_root_file_system_is_caught() =>
        AssertCaught(docs => Container(docs, "redis")["securityContext"]!["readOnlyRootFilesystem"] = "false", "redis", "readOnlyRootFilesystem");

    [Fact]
    public void A_missing_autoscaler_is_caught() =>
        AssertCaught(docs => docs.RemoveAll(d => ManifestRules.Kind(d) == "HorizontalPodAutoscaler" && ManifestRules.Name(d) == "catalog"),
            "catalog", "no HorizontalPodAutoscaler");

    [Fact]
    public void A_secret_that_nothing_provides_is_caught() =>
        AssertCaught(docs => Container(docs, "catalog")["env"]!.AsArray().Add(JsonNode.Parse(
            """{"name":"X","valueFrom":{"secretKeyRef":{"name":"handmade","key":"password"}}}""")), "catalog", "secret handmade key password");

    [Fact]
    public void A_secret_with_values_is_caught() =>
        AssertCaught(docs => docs.Add(JsonNode.Parse("""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"oops"},"stringData":{"password":"hunter2"}}""")!.AsObject()),
            "oops", "holds values");

    [Fact]
    public void A_service_exposed_from_outside_is_caught() =>
        AssertCaught(docs => docs.First(d => ManifestRules.Kind(d) == "NetworkPolicy" && ManifestRules.Name(d) == "services-from-gateway")
            ["spec"]!["ingress"]![0]!["from"]!.AsArray().Add(JsonNode.Parse("""{"namespaceSelector":{}}""")), "services-from-gateway", "outside the namespace");

    [Fact]
    public void A_service_project_without_a_deployment_is_caught() =>
        AssertCaught(docs => docs.RemoveAll(d => ManifestRules.Kind(d) == "Deployment" && ManifestRules.Name(d) == "enterprises"),
            "enterprises", "no Deployment");

    [Fact]
    public void A_read_the_topology_does_not_list_is_caught() =>
        AssertCaught(docs => docs.First(d => ManifestRules.Kind(d) == "NetworkPolicy" && ManifestRules.Name(d) == "registry-catalog-and-credit-from-matching")
            ["spec"]!["ingress"]![0]!["from"]![0]!["podSelector"]!["matchLabels"]!["app.kubernetes.io/name"] = "totals", "totals", "does not list");

    [Fact]
    public void A_read_no_policy_admits_is_caught() =>
        AssertCaught(docs => docs.RemoveAll(d => ManifestRules.Kind(d) == "NetworkPolicy" && ManifestRules.Name(d) == "matching-and-subsidies-from-their-readers"),
            "subsidies reads matching", "no policy admits");

    [Fact]
    public void Dapr_yaml_is_the_one_the_topology_renders()
    {
        var committed = File.ReadAllText(Path.Combine(Manifests.RepoRoot, "dapr.yaml"));
        Assert.True(committed == TopologyTool.DaprRunFile.Render(), $"dapr.yaml is out of date: run `{TopologyTool.DaprRunFile.Command}`");
    }

    [Fact]
    public void A_sidecar_without_a_token_and_with_its_builtin_secret_store_is_caught() =>
        AssertCaught(docs => Annotations(docs, "catalog").Remove("dapr.io/disable-builtin-k8s-secret-store"), "catalog", "built-in secret store");

    [Fact]
    public void Sidecar_retries_on_publishing_are_caught() =>
        AssertCaught(docs => docs.First(d => ManifestRules.Kind(d) == "Resiliency")["spec"]!["targets"]!["components"]![PubSub.Name]!["outbound"]!["retry"] = "deliver",
            "Resiliency", "must not be retried");

    private static void AssertCaught(Action<List<JsonObject>> breakIt, string names, string rule)
    {
        var docs = Manifests.Clone(Production.Value);
        breakIt(docs);

        var problems = ManifestRules.Check(docs, Facts);

        Assert.Contains(problems, p => p.Contains(names, StringComparison.Ordinal) && p.Contains(rule, StringComparison.Ordinal));
    }

    private static JsonObject Workload(List<JsonObject> docs, string name) =>
        docs.First(d => ManifestRules.Kind(d) is "Deployment" or "StatefulSet" && ManifestRules.Name(d) == name);

    private static JsonObject Container(List<JsonObject> docs, string name) =>
        Workload(docs, name)["spec"]!["template"]!["spec"]!["containers"]![0]!.AsObject();

    private static JsonObject Annotations(List<JsonObject> docs, string name) =>
        Workload(docs, name)["spec"]!["template"]!["metadata"]!["annotations"]!.AsObject();

    private static JsonObject PubSubMetadata(List<JsonObject> docs, string entry) =>
        docs.First(d => ManifestRules.Kind(d) == "Component" && ManifestRules.Name(d) == PubSub.Name)["spec"]!["metadata"]!.AsArray()
            .First(m => (string?)m!["name"] == entry)!.AsObject();
}
