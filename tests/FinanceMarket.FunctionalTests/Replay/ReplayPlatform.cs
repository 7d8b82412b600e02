using FinanceMarket.TestInfrastructure;
using FinanceMarket.Replay;
using FinanceMarket.Terminal;

namespace FinanceMarket.FunctionalTests.Replay;

// The platform as `./run.sh --demo` starts it, for one test: its own data folder, its own demo clock a year
// back, its own gateway. The totals service runs in this process (on SQLite, or on Redis), or in a process
// of its own that the test can kill.
public sealed class ReplayPlatform : IAsyncDisposable
{
    private readonly List<ServiceHost> _hosts = [];

    private ReplayPlatform(string dataDir) => DataDir = dataDir;

    public const int StartOffsetDays = -372;

    public string DataDir { get; }

    public string ClockFile => Path.Combine(DataDir, "demo-clock");

    public string RestAddress { get; private set; } = "";

    public TotalsProcess? TotalsProcess { get; private set; }

    public static async Task<ReplayPlatform> StartAsync(Platform platform, bool totalsInOwnProcess = false, IDictionary<string, string?>? totalsSettings = null)
    {
        var replay = new ReplayPlatform(TestData.NewTempDir());
        try
        {
            await replay.StartServicesAsync(platform, totalsInOwnProcess, totalsSettings ?? new Dictionary<string, string?>());
            return replay;
        }
        catch
        {
            await replay.DisposeAsync();
            throw;
        }
    }

    public static Replayer Year(PlatformApi api, decimal scale, int seed, IProgress<ProgressReport>? progress = null) =>
        new(api, DistrictPlan.Create(seed, scale), new ReplayOptions(Concurrency: 8, SettleTimeout: TimeSpan.FromMinutes(3)), progress);

    public PlatformApi Api() => PlatformApi.For(new Uri(RestAddress));

    private async Task StartServicesAsync(Platform platform, bool totalsInOwnProcess, IDictionary<string, string?> totalsSettings)
    {
        // A year and a week back, as run.sh --demo starts it; the replay moves it forward a month at a time.
        ServiceDefaults.Hosting.DemoClock.Write(ClockFile, StartOffsetDays);
        Dictionary<string, string?> Settings(params (string Key, string Value)[] extra)
        {
            var settings = platform.ServiceSettings(dataDir: DataDir);
            settings["FinanceMarket:DemoClockFile"] = ClockFile;
            settings["FinanceMarket:Events:PollInterval"] = "00:00:00.100";
            foreach (var (key, value) in extra)
            {
                settings[key] = value;
            }

            return settings;
        }

        // As run.sh --demo starts it: every address known to every process, the services in the topology's order.
        var addresses = Topology.Services.ToDictionary(s => s.Name, _ => $"http://127.0.0.1:{TestData.FreePort()}");
        foreach (var service in Topology.Services)
        {
            var settings = Settings();
            foreach (var (name, address) in addresses)
            {
                settings[Topology.AddressKey(name)] = address;
            }

            var port = new Uri(addresses[service.Name]).Port;
            if (service == Topology.Matching)
            {
                settings["FinanceMarket:Matching:ExpirySweepEvery"] = "00:00:01";
            }

            if (service == Topology.Totals && totalsInOwnProcess)
            {
                TotalsProcess = new TotalsProcess(platform, port, DataDir, settings
                    .Where(s => s.Key.StartsWith(Topology.ServicesSection, StringComparison.Ordinal) || s.Key == "FinanceMarket:DemoClockFile")
                    .ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!));
                TotalsProcess.Start();
                await TotalsProcess.WaitUntilServingAsync(TimeSpan.FromSeconds(60));
                continue;
            }

            if (service == Topology.Totals)
            {
                foreach (var (key, value) in totalsSettings)
                {
                    settings[key] = value;
                }
            }

            _hosts.Add(await Platform.StartServiceAsync(service, settings, port));
        }

        var (gateway, rest, _) = await platform.StartGatewayAsync(addresses, new Dictionary<string, string?>
        {
            ["FinanceMarket:DemoClockFile"] = ClockFile,
            // One replay's official registers thousands of enterprises: the limit is not what is under test here.
            ["FinanceMarket:Gateway:PermitsPerSecond"] = "100000",
            ["FinanceMarket:Gateway:Burst"] = "100000",
        });
        _hosts.Add(gateway);
        RestAddress = rest;
    }

    public async ValueTask DisposeAsync()
    {
        TotalsProcess?.Dispose();
        for (var i = _hosts.Count - 1; i >= 0; i--)
        {
            await _hosts[i].DisposeAsync();
        }

        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold a pooled handle for a moment; the temp folder is reclaimed later.
        }
    }
}
