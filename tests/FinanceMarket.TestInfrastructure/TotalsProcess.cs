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
