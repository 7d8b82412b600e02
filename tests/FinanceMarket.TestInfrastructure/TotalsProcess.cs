using System.Diagnostics;

namespace FinanceMarket.TestInfrastructure;

// The totals service as run.sh runs it: its own process on a fixed port, so a test can kill it by its id
// and start it again on the same port and data.
public sealed class TotalsProcess(Platform platform, int port, string dataDir, IReadOnlyDictionary<string, string> environment) : IDisposable
{
    private Process? _process;

    public string Address => $"http://127.0.0.1:{port}";

    public void Start()
    {
        var dll = Path.Combine(TestData.RepoRoot(), "artifacts", "bin", "FinanceMarket.Totals", "debug", "FinanceMarket.Totals.dll");
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", Address])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["FinanceMarket__DataDir"] = dataDir;
        start.Environment["FinanceMarket__Auth__SigningKey"] = platform.SigningKey;
        start.Environment["APP_API_TOKEN"] = platform.AppApiToken;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    // Until the process answers on its port as totals does (a route of its own, refused without a token):
    // another process that took the port meanwhile answers 404, and this one exits, unable to bind.
    public async Task WaitUntilServingAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { DefaultRequestVersion = System.Net.HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        for (var deadline = DateTime.UtcNow + timeout; DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            if (_process is not { HasExited: false })
            {
                throw new InvalidOperationException($"The totals process on {Address} is not running (its port may have been taken).");
            }

            try
            {
                using var answer = await client.GetAsync(Address + "/api/v1/totals");
                if (answer.StatusCode == System.Net.HttpStatusCode.Unauthorized)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
        }

        throw new TimeoutException($"The totals process on {Address} did not answer as totals within {timeout.TotalSeconds:0} s.");
    }

    public void Kill()
    {
        if (_process is { } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            process.Dispose();
            _process = null;
        }
    }

    public void Dispose() => Kill();
}
