using System.Diagnostics;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace FinanceMarket.Replay.Faults;

// The platform's processes as run.sh started them: each by a script in <data>/launch that writes its process
// id to <data>/pids, so a process can be killed by its id and started again exactly as it was.
public sealed partial class Fleet(string dataDir)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    public IReadOnlyList<string> Services { get; } = [.. Directory.GetFiles(Path.Combine(dataDir, "launch"), "*.sh")
        .Select(f => Path.GetFileNameWithoutExtension(f)!)
        .Where(n => n is not ("gateway" or "redis"))
        .Order(StringComparer.Ordinal)];

    // The services that publish events (the topology says which), each from the outbox in its SQLite file.
    public IReadOnlyList<string> Publishers => [.. Services.Where(s => Topology.Services.Any(n => n.Name == s && n.Publishes.Count > 0))];

    // kill -9: no chance to finish a request, flush or say goodbye.
    public void Kill(string name)
    {
        var pid = int.Parse(File.ReadAllText(PidFile(name)).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
            process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        catch (ArgumentException)
        {
            // Gone already.
        }
    }

    public async Task StartAsync(string name, CancellationToken ct)
    {
        File.Delete(PidFile(name));
        using var _ = Process.Start(new ProcessStartInfo("bash", [Path.Combine(dataDir, "launch", name + ".sh")]) { UseShellExecute = false })
            ?? throw new ReplayException($"could not start {name} again");
        var port = PortOf(name);
        for (var deadline = DateTime.UtcNow + StartTimeout; ; await Task.Delay(100, ct))
        {
            if (File.Exists(PidFile(name)) && await AcceptsAsync(port, ct))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new ReplayException($"{name} did not answer on port {port} within {StartTimeout.TotalSeconds:F0} s of its restart (see its log)");
            }
        }
    }

    // A fault the service itself plays (FinanceMarket:FaultFiles): on while its file is in <data>/faults.
    public async Task SwitchOnForAsync(string service, string fault, TimeSpan hold, CancellationToken ct)
    {
        var file = Path.Combine(dataDir, "faults", $"{service}.{fault}");
        await File.WriteAllTextAsync(file, "", ct);
        try
        {
            await Task.Delay(hold, ct);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private string PidFile(string name) => Path.Combine(dataDir, "pids", name + ".pid");

    // The port the launch script gives the process (--urls for .NET, --port for Redis, the REST port for the gateway).
    public int PortOf(string name)
    {
        var script = File.ReadAllText(Path.Combine(dataDir, "launch", name + ".sh"));
        var match = PortPattern().Match(script);
        return match.Success
            ? int.Parse(match.Groups.Cast<Group>().Skip(1).First(g => g.Success).Value, System.Globalization.CultureInfo.InvariantCulture)
            : throw new ReplayException($"the launch script of {name} names no port");
    }

    private static async Task<bool> AcceptsAsync(int port, CancellationToken ct)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port, ct);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"--urls http://127\.0\.0\.1:(\d+)|--port (\d+)|FINANCEMARKET_REST_PORT=(\d+)")]
    private static partial Regex PortPattern();
}
