using System.Globalization;
using System.Text;

namespace FinanceMarket.TopologyTool;

// dapr.yaml, rendered from the topology: every service and the gateway under `dapr run -f .`, each told
// where the services it reads listen (the gateway: all of them) and given its own servers settings.
public static class DaprRunFile
{
    public const string Command = "dotnet run --project tools/Topology -- dapr-yaml > dapr.yaml";

    public static string Render()
    {
        var yaml = new StringBuilder();
        void Line(string text = "") => yaml.Append(text).Append('\n');
        Line($"# Rendered from the topology (services/Topology/Topology.cs) by `{Command}`; edit that, not this.");
        Line("# The servers profile on one machine with the Dapr CLI: `bash dapr-run.sh` from the repository root (it");
        Line("# creates the demo tokens' key in .data/dapr-run, readable by this user only, then runs `dapr run -f .`).");
        Line("# No key or token is written here: every app reads the key from that file.");
        Line("# Needs Redis on 127.0.0.1:6379 (dapr init starts one) and a MongoDB replica set on 127.0.0.1:27017");
        Line("# (for example: mongod --replSet rs0 --dbpath ~/mongo-rs0, then mongosh --eval 'rs.initiate()').");
        Line("# Demo tokens work as with ./run.sh: POST http://127.0.0.1:8080/api/v1/dev/tokens.");
        Line("version: 1");
        Line("common:");
        Line("  resourcesPath: ./dapr/components");
        Line("  configFilePath: ./dapr/config.yaml");
        Line("  env:");
        Line("    FinanceMarket__Profile: Servers");
        Line("    FinanceMarket__MongoConnectionString: mongodb://127.0.0.1:27017/?replicaSet=rs0");
        Line("    DOTNET_ENVIRONMENT: Development");
        Line("apps:");
        foreach (var app in Topology.Services.Append(Topology.Gateway))
        {
            var gateway = app == Topology.Gateway;
            var port = gateway ? Topology.RestPort : app.EmbeddedPort(Topology.FirstServicePort);
            var up = string.Concat(Enumerable.Repeat("../", app.Directory.Split('/').Length));
            Line($"  - appID: {app.Name}");
            Line($"    appDirPath: ./{app.Directory}");
            Line(Invariant($"    appPort: {port}"));
            Line($"    appProtocol: {(gateway ? "http" : "h2c")}");
            Line("    env:");
            Line("      # The demo tokens' key (local mode), from the file dapr-run.sh creates; production names an issuer.");
            Line($"      FinanceMarket__Auth__SigningKeyFile: {up}.data/dapr-run/signing-key");
            if (gateway)
            {
                Line("      FinanceMarket__Auth__EnableDevTokens: \"true\"");
            }

            foreach (var read in app.Reads)
            {
                Line(Invariant($"      {EnvName(Topology.AddressKey(read.Name))}: http://127.0.0.1:{read.EmbeddedPort(Topology.FirstServicePort)}"));
            }

            foreach (var (key, value) in app.ServersSettings)
            {
                Line($"      {EnvName(key)}: {value}");
            }

            Line(gateway
                ? "    command: [\"dotnet\", \"run\", \"--no-launch-profile\"]"
                : Invariant($"    command: [\"dotnet\", \"run\", \"--no-launch-profile\", \"--urls\", \"http://127.0.0.1:{port}\"]"));
        }

        return yaml.ToString();
    }

    private static string EnvName(string key) => key.Replace(":", "__", StringComparison.Ordinal);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
