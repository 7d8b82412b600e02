using System.Text.Json.Nodes;
using FinanceMarket.IntegrationEvents;

namespace FinanceMarket.DeploymentTests;

// The invariants every rendering of k8s/ must hold. Each problem is one line naming the object and the rule.
public static class ManifestRules
{
    public static List<string> Check(IReadOnlyList<JsonObject> docs, RepoFacts facts)
    {
        var problems = new List<string>();
        var workloads = docs.Where(d => Kind(d) is "Deployment" or "StatefulSet").ToList();
        foreach (var workload in workloads)
        {
            CheckWorkload(workload, docs, problems);
        }

        CheckServicesAreDeployed(workloads, facts, problems);
        CheckKubernetesServices(docs, workloads, problems);
        CheckScaling(docs, workloads, problems);
        CheckNetworkPolicies(docs, problems);
        CheckReads(docs, facts, problems);
        CheckPubSub(docs, facts, problems);
        CheckResiliency(docs, facts, problems);
        CheckSecrets(docs, problems);
        CheckIngresses(docs, problems);
        return problems;
    }

    private static void CheckWorkload(JsonObject workload, IReadOnlyList<JsonObject> docs, List<string> problems)
    {
        var name = $"{Kind(workload)} {Name(workload)}";
        var pod = workload["spec"]?["template"]?["spec"];
        if ((string?)pod?["securityContext"]?["runAsNonRoot"] != "true")
        {
            problems.Add($"{name}: pod securityContext.runAsNonRoot must be true");
        }

        if (pod?["terminationGracePeriodSeconds"] is null)
        {
            problems.Add($"{name}: terminationGracePeriodSeconds must be set (graceful shutdown)");
        }

        foreach (var container in Items(pod?["containers"]))
        {
            var where = $"{name} container {(string?)container["name"]}";
            foreach (var probe in new[] { "readinessProbe", "livenessProbe" })
            {
                if (container[probe] is null)
                {
                    problems.Add($"{where}: {probe} is missing");
                }
            }

            foreach (var (section, resource) in new[] { ("requests", "cpu"), ("requests", "memory"), ("limits", "cpu"), ("limits", "memory") })
            {
                if (container["resources"]?[section]?[resource] is null)
                {
                    problems.Add($"{where}: resources.{section}.{resource} is missing");
                }
            }

            var security = container["securityContext"];
            if ((string?)security?["readOnlyRootFilesystem"] != "true" || (string?)security?["allowPrivilegeEscalation"] != "false"
                || !Items(security?["capabilities"]?["drop"]).Any(c => (string?)c == "ALL"))
            {
                problems.Add($"{where}: securityContext must set readOnlyRootFilesystem, no privilege escalation and drop ALL capabilities");
            }

            if (container["lifecycle"]?["preStop"] is null)
            {
                problems.Add($"{where}: lifecycle.preStop is missing (graceful shutdown)");
            }

            var image = (string?)container["image"] ?? "";
            var tag = image.Contains('@', StringComparison.Ordinal) ? "digest" : image[(image.LastIndexOf('/') + 1)..].Split(':').ElementAtOrDefault(1);
            if (tag is null or "latest")
            {
                problems.Add($"{where}: image '{image}' must name a version (no tag or 'latest' is not one)");
            }
        }

        CheckDapr(workload, docs, problems);
    }

    private static void CheckDapr(JsonObject workload, IReadOnlyList<JsonObject> docs, List<string> problems)
    {
        var annotations = workload["spec"]?["template"]?["metadata"]?["annotations"];
        if ((string?)annotations?["dapr.io/enabled"] != "true")
        {
            return;
        }

        var name = $"{Kind(workload)} {Name(workload)}";
        var appId = (string?)annotations["dapr.io/app-id"];
        var label = (string?)workload["spec"]?["template"]?["metadata"]?["labels"]?["app.kubernetes.io/name"];
        if (appId != Name(workload) || appId != label)
        {
            problems.Add($"{name}: dapr.io/app-id '{appId}' must equal the workload's name and its app.kubernetes.io/name label '{label}'");
        }

        var containers = Items(workload["spec"]?["template"]?["spec"]?["containers"]).ToList();
        var ports = containers.SelectMany(c => Items(c["ports"])).Select(p => (string?)p["containerPort"]).ToList();
        var appPort = (string?)annotations["dapr.io/app-port"];
        if (!ports.Contains(appPort))
        {
            problems.Add($"{name}: dapr.io/app-port '{appPort}' is not a port of its containers ({string.Join(", ", ports)})");
        }

        if ((string?)annotations["dapr.io/app-protocol"] != "h2c")
        {
            problems.Add($"{name}: dapr.io/app-protocol must be h2c: the app serves cleartext HTTP/2 only");
        }

        var grpcProbePort = containers.Select(c => (string?)c["readinessProbe"]?["grpc"]?["port"]).FirstOrDefault(p => p is not null);
        if (grpcProbePort is not null && grpcProbePort != appPort)
        {
            problems.Add($"{name}: the gRPC probe port {grpcProbePort} differs from dapr.io/app-port {appPort}");
        }

        if ((string?)workload["spec"]?["template"]?["spec"]?["automountServiceAccountToken"] == "false"
            && (string?)annotations["dapr.io/disable-builtin-k8s-secret-store"] != "true")
        {
            problems.Add($"{name}: without a service-account token daprd's built-in secret store cannot start; set dapr.io/disable-builtin-k8s-secret-store");
        }

        var config = (string?)annotations["dapr.io/config"];
        if (!docs.Any(d => Kind(d) == "Configuration" && Name(d) == config))
        {
            problems.Add($"{name}: dapr.io/config '{config}' names no Dapr Configuration in the manifests");
        }
    }

    private static void CheckServicesAreDeployed(List<JsonObject> workloads, RepoFacts facts, List<string> problems)
    {
        foreach (var (app, repository) in facts.Images)
        {
            var workload = workloads.FirstOrDefault(w => Name(w) == app);
            if (workload is null)
            {
                problems.Add($"{app}: the project has no Deployment in k8s/");
                continue;
            }

            var images = Items(workload["spec"]?["template"]?["spec"]?["containers"]).Select(c => (string?)c["image"] ?? "").ToList();
            if (!images.Any(i => i.StartsWith(repository + ":", StringComparison.Ordinal) || i.StartsWith(repository + "@", StringComparison.Ordinal)))
            {
                problems.Add($"{app}: runs {string.Join(", ", images)}, not the image its project publishes ({repository})");
            }

            var daprEnabled = (string?)workload["spec"]?["template"]?["metadata"]?["annotations"]?["dapr.io/enabled"] == "true";
            if (facts.ServiceAppIds.Contains(app) && !daprEnabled)
            {
                problems.Add($"{app}: a service publishes through Dapr and needs dapr.io/enabled");
            }
        }
    }

    private static void CheckKubernetesServices(IReadOnlyList<JsonObject> docs, List<JsonObject> workloads, List<string> problems)
    {
        foreach (var service in docs.Where(d => Kind(d) == "Service"))
        {
            var selector = service["spec"]?["selector"]?.AsObject();
            var target = workloads.FirstOrDefault(w => Matches(selector, w["spec"]?["template"]?["metadata"]?["labels"]));
            if (target is null)
            {
                problems.Add($"Service {Name(service)}: its selector matches no workload's pods");
                continue;
            }

            var portNames = Items(target["spec"]?["template"]?["spec"]?["containers"]).SelectMany(c => Items(c["ports"]))
                .SelectMany(p => new[] { (string?)p["name"], (string?)p["containerPort"] }).ToHashSet();
            foreach (var port in Items(service["spec"]?["ports"]))
            {
                if (!portNames.Contains((string?)port["targetPort"] ?? (string?)port["port"]))
                {
                    problems.Add($"Service {Name(service)}: targetPort {(string?)port["targetPort"]} is not a port of {Name(target)}");
                }
            }
        }
    }

    // The stateless workloads (Deployments) scale out and keep a budget for voluntary disruptions.
    private static void CheckScaling(IReadOnlyList<JsonObject> docs, List<JsonObject> workloads, List<string> problems)
    {
        foreach (var deployment in workloads.Where(w => Kind(w) == "Deployment"))
        {
            if (!docs.Any(d => Kind(d) == "HorizontalPodAutoscaler" && (string?)d["spec"]?["scaleTargetRef"]?["name"] == Name(deployment)
                && (string?)d["spec"]?["scaleTargetRef"]?["kind"] == "Deployment"))
            {
                problems.Add($"Deployment {Name(deployment)}: no HorizontalPodAutoscaler targets it");
            }

            var podLabels = deployment["spec"]?["template"]?["metadata"]?["labels"];
            if (!docs.Any(d => Kind(d) == "PodDisruptionBudget" && Matches(d["spec"]?["selector"]?["matchLabels"]?.AsObject(), podLabels)))
            {
                problems.Add($"Deployment {Name(deployment)}: no PodDisruptionBudget selects its pods");
            }
        }
    }

    private static void CheckNetworkPolicies(IReadOnlyList<JsonObject> docs, List<string> problems)
    {
        var policies = docs.Where(d => Kind(d) == "NetworkPolicy").ToList();
        if (!policies.Any(p => p["spec"]?["podSelector"] is JsonObject { Count: 0 } && p["spec"]?["ingress"] is null
            && Items(p["spec"]?["policyTypes"]).Any(t => (string?)t == "Ingress")))
        {
            problems.Add("NetworkPolicy: no default deny of ingress for the namespace");
        }

        foreach (var policy in policies)
        {
            var fromOutside = Items(policy["spec"]?["ingress"]).SelectMany(r => Items(r["from"])).Any(f => f["namespaceSelector"] is not null || f["ipBlock"] is not null);
            var selector = policy["spec"]?["podSelector"]?["matchLabels"];
            var target = (string?)selector?["app.kubernetes.io/name"];
            var acmeSolver = (string?)selector?["acme.cert-manager.io/http01-solver"] == "true";
            if (fromOutside && target != "gateway" && !acmeSolver)
            {
                problems.Add($"NetworkPolicy {Name(policy)}: admits traffic from outside the namespace to pods other than the gateway");
            }
        }
    }

    // Between the platform's own pods, the policies admit exactly the calls the topology lists: the gateway to
    // every service, and each service to the services it reads, on the service port.
    private static void CheckReads(IReadOnlyList<JsonObject> docs, RepoFacts facts, List<string> problems)
    {
        var apps = facts.Reads.Keys.ToList();
        var admitted = new HashSet<(string From, string To)>();
        foreach (var policy in docs.Where(d => Kind(d) == "NetworkPolicy"))
        {
            var targets = SelectedApps(policy["spec"]?["podSelector"], facts);
            foreach (var rule in Items(policy["spec"]?["ingress"]))
            {
                foreach (var from in Items(rule["from"]).Where(f => f["podSelector"] is not null && f["namespaceSelector"] is null))
                {
                    admitted.UnionWith(SelectedApps(from["podSelector"], facts).SelectMany(source => targets.Select(target => (source, target))));
                }
            }
        }

        var expected = facts.Reads.SelectMany(r => r.Value.Select(target => (From: r.Key, To: target))).ToHashSet();
        var platformPairs = admitted.Where(p => apps.Contains(p.From) && apps.Contains(p.To) && p.From != p.To).ToHashSet();
        problems.AddRange(expected.Except(platformPairs).Select(p => $"NetworkPolicy: {p.From} reads {p.To} (the topology says so), but no policy admits it"));
        problems.AddRange(platformPairs.Except(expected).Select(p => $"NetworkPolicy: admits {p.From} to {p.To}, a read the topology does not list"));
    }

    // The apps of the platform a pod selector picks, by name or as the services' component.
    private static IEnumerable<string> SelectedApps(JsonNode? selector, RepoFacts facts)
    {
        if (selector?["matchLabels"] is JsonObject labels)
        {
            if ((string?)labels["app.kubernetes.io/name"] is { } name)
            {
                return [name];
            }

            if ((string?)labels["app.kubernetes.io/component"] == "service")
            {
                return facts.ServiceAppIds;
            }
        }

        return Items(selector?["matchExpressions"])
            .Where(e => (string?)e["key"] == "app.kubernetes.io/name" && (string?)e["operator"] == "In")
            .SelectMany(e => Items(e["values"]).Select(v => (string)v!))
            .ToList();
    }

    private static void CheckPubSub(IReadOnlyList<JsonObject> docs, RepoFacts facts, List<string> problems)
    {
        var component = docs.FirstOrDefault(d => Kind(d) == "Component" && Name(d) == PubSub.Name);
        if (component is null || !((string?)component["spec"]?["type"] ?? "").StartsWith("pubsub.", StringComparison.Ordinal))
        {
            problems.Add($"Component {PubSub.Name}: the pub/sub component the code publishes to is missing");
            return;
        }

        var metadata = Items(component["spec"]?["metadata"]).ToDictionary(m => (string)m["name"]!, m => (string?)m["value"]);
        var expectedTopics = facts.Topics.SelectMany(t => new[] { t, t + PubSub.DeadLetterSuffix }).ToHashSet(StringComparer.Ordinal);
        var allowed = (metadata.GetValueOrDefault("allowedTopics") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        if (!allowed.SetEquals(expectedTopics))
        {
            problems.Add($"Component {PubSub.Name}: allowedTopics drifted from the code (missing: {string.Join(", ", expectedTopics.Except(allowed))}; unknown: {string.Join(", ", allowed.Except(expectedTopics))})");
        }

        var scopes = (metadata.GetValueOrDefault("publishingScopes") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => s.Split('='))
            .ToDictionary(s => s[0], s => s.ElementAtOrDefault(1)?.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal) ?? []);
        foreach (var (app, topics) in facts.PublishedBy)
        {
            if (!scopes.TryGetValue(app, out var declared) || !declared.SetEquals(topics))
            {
                problems.Add($"Component {PubSub.Name}: publishingScopes for {app} drifted from the code (it publishes {string.Join(", ", topics.Order())})");
            }
        }

        var componentScopes = Items(component["scopes"]).Select(s => (string?)s).ToHashSet();
        foreach (var app in facts.PublishedBy.Keys.Where(a => !componentScopes.Contains(a)))
        {
            problems.Add($"Component {PubSub.Name}: app {app} publishes but is not in the component's scopes");
        }
    }

    private static void CheckResiliency(IReadOnlyList<JsonObject> docs, RepoFacts facts, List<string> problems)
    {
        var resiliency = docs.FirstOrDefault(d => Kind(d) == "Resiliency");
        if (resiliency is null)
        {
            problems.Add("Resiliency: missing");
            return;
        }

        var scoped = Items(resiliency["scopes"]).Select(s => (string?)s).ToHashSet();
        foreach (var app in facts.ServiceAppIds.Where(a => !scoped.Contains(a)))
        {
            problems.Add($"Resiliency {Name(resiliency)}: does not cover {app}");
        }

        // The outbox relay retries publishing; a sidecar retry under it would multiply the attempts.
        if (resiliency["spec"]?["targets"]?["components"]?[PubSub.Name]?["outbound"]?["retry"] is not null)
        {
            problems.Add($"Resiliency {Name(resiliency)}: publishing to {PubSub.Name} must not be retried by the sidecar as well as by the outbox relay");
        }
    }

    private static void CheckSecrets(IReadOnlyList<JsonObject> docs, List<string> problems)
    {
        var provided = new HashSet<(string, string)>();
        foreach (var external in docs.Where(d => Kind(d) == "ExternalSecret"))
        {
            foreach (var item in Items(external["spec"]?["data"]))
            {
                provided.Add(((string?)external["spec"]?["target"]?["name"] ?? Name(external) ?? "", (string?)item["secretKey"] ?? ""));
            }
        }

        foreach (var mongo in docs.Where(d => Kind(d) == "MongoDBCommunity"))
        {
            foreach (var user in Items(mongo["spec"]?["users"]))
            {
                provided.Add(((string?)user["connectionStringSecretName"] ?? "", "connectionString.standard"));
            }
        }

        foreach (var secret in docs.Where(d => Kind(d) == "Secret"))
        {
            if (secret["data"] is not null || secret["stringData"] is not null)
            {
                problems.Add($"Secret {Name(secret)}: holds values; secrets are references (ExternalSecret) only");
            }
        }

        foreach (var doc in docs)
        {
            foreach (var (secret, key) in SecretReferences(doc))
            {
                if (!provided.Contains((secret, key)))
                {
                    problems.Add($"{Kind(doc)} {Name(doc)}: refers to secret {secret} key {key}, which no ExternalSecret or operator provides");
                }
            }
        }
    }

    private static void CheckIngresses(IReadOnlyList<JsonObject> docs, List<string> problems)
    {
        foreach (var ingress in docs.Where(d => Kind(d) == "Ingress"))
        {
            var backends = Items(ingress["spec"]?["rules"]).SelectMany(r => Items(r["http"]?["paths"]))
                .Select(p => (string?)p["backend"]?["service"]?["name"]).Distinct().ToList();
            if (backends.Any(b => b != "gateway"))
            {
                problems.Add($"Ingress {Name(ingress)}: routes to {string.Join(", ", backends)}; only the gateway is exposed");
            }

            if (Items(ingress["spec"]?["tls"]).Any() && ingress["metadata"]?["annotations"]?["cert-manager.io/cluster-issuer"] is null)
            {
                problems.Add($"Ingress {Name(ingress)}: its TLS secret must come from cert-manager (cert-manager.io/cluster-issuer)");
            }
        }
    }

    // Every {secretKeyRef: {name, key}} and {passwordSecretRef: {name, key}} anywhere in the document.
    private static IEnumerable<(string Secret, string Key)> SecretReferences(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(kv =>
            kv.Key is "secretKeyRef" or "passwordSecretRef" && kv.Value is JsonObject r
                ? [((string?)r["name"] ?? "", (string?)r["key"] ?? "")]
                : SecretReferences(kv.Value)),
        JsonArray a => a.SelectMany(SecretReferences),
        _ => [],
    };

    private static bool Matches(JsonObject? selector, JsonNode? labels) =>
        selector is { Count: > 0 } && selector.All(kv => (string?)labels?[kv.Key] == (string?)kv.Value);

    private static IEnumerable<JsonNode> Items(JsonNode? node) => node is JsonArray a ? a.OfType<JsonNode>() : [];

    public static string? Kind(JsonNode d) => (string?)d["kind"];

    public static string? Name(JsonNode d) => (string?)d["metadata"]?["name"];
}
