using System.Diagnostics;
using System.Net.Sockets;

namespace FinanceMarket.TestInfrastructure;

// A real redis-server of this test run's own, on a free loopback port, stopped by its process id. One is
// shared by the tests that only need a Redis (each writes under its own key prefix); a test about Redis
// going away starts its own.
public sealed class RedisServer : IAsyncDisposable
{
    private static readonly Lazy<Task<RedisServer>> Shared = new(async () =>
    {
        var server = await StartAsync();
        // Nothing disposes a shared one: it goes when the test process does.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Kill();
        return server;
    });
    private readonly Process _process;

    private RedisServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    public static Task<RedisServer> SharedAsync() => Shared.Value;

    // With a folder, every write is in its append-only file before Redis answers, and a restart on the same
    // folder comes back with everything (the servers profile's Redis runs so in k8s/).
    public static async Task<RedisServer> StartAsync(int? port = null, string? persistIn = null)
    {
        var chosen = port ?? TestData.FreePort();
        string[] persistence = persistIn is null
            ? ["--save", "", "--appendonly", "no"]
            : ["--save", "", "--appendonly", "yes", "--appendfsync", "always", "--dir", persistIn];
        var start = new ProcessStartInfo("redis-server", ["--port", chosen.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", .. persistence])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("redis-server is not installed (apt-get install -y redis-server; test.sh does it).", ex);
        }

        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", chosen);
                return new RedisServer(process, chosen);
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private void Kill()
    {
        try
        {
            _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
