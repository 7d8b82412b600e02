using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using FinanceMarket.TestInfrastructure;

namespace FinanceMarket.FunctionalTests.Launcher;

// The README's first command, as a user runs it: ./run.sh builds and starts the platform, answers on
// the ports it was given, stops every process it started on SIGTERM, and finds its data again.
[Collection(HeavyLoad.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")] // bash, file modes and /proc
public sealed class RunScriptTests
{
    // The first start builds the whole solution in Release: minutes on two busy cores.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task Run_sh_starts_the_platform_stops_it_cleanly_and_keeps_the_data()
    {
        var dataDir = TestData.NewTempDir();
        var (rest, grpc, services) = (TestData.FreePort(), TestData.FreePort(), FreePortRange());
        var bankId = TestData.NewBankId();

        await using (var first = await StartAsync(dataDir, rest, grpc, services))
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{rest}") };
            var official = await TokenAsync(http);
            using var create = new HttpRequestMessage(HttpMethod.Post, "/api/v1/banks") { Content = JsonContent.Create(new { bankId, name = "Bank of Cangzhou" }) };
            create.Headers.Authorization = new("Bearer", official);
            using var created = await http.SendAsync(create, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
            // The gateway runs from its build output here, not from the source tree as in the other tests.
            foreach (var path in new[] { "/", "/dashboard", "/dashboard/dashboard.js" })
            {
                using var page = await http.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
                Assert.True(page.StatusCode == HttpStatusCode.OK, $"{path}: {page.StatusCode}");
            }

            AssertSecretsStayPrivate(dataDir);
            await first.StopAsync();
            Assert.True(ServiceCount >= 5, "run.sh's list of services was not read");
            Assert.All(Enumerable.Range(services, ServiceCount), p => Assert.False(IsListening(p), $"a service still listens on {p} after run.sh stopped"));
            Assert.False(IsListening(rest), "the gateway still listens after run.sh stopped");
        }

        await using var second = await StartAsync(dataDir, rest, grpc, services);
        using var again = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{rest}") };
        using var read = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/banks/{bankId}");
        read.Headers.Authorization = new("Bearer", await TokenAsync(again));
        using var found = await again.SendAsync(read, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        await second.StopAsync();

        // The demo option: a fresh platform beside the data above, a small year replayed into it and checked.
        await using var demo = await StartAsync(dataDir, rest, grpc, services, "--demo", "--scale", "0.02", "--seed", "5");
        var replayed = DateTime.UtcNow + TimeSpan.FromMinutes(4);
        while (!demo.Output.Contains("The district's year is in:", StringComparison.Ordinal) && DateTime.UtcNow < replayed)
        {
            await Task.Delay(500, TestContext.Current.CancellationToken);
        }

        Assert.True(demo.Output.Contains("The totals equal the ground truth.", StringComparison.Ordinal), demo.Output);
        Assert.True(File.Exists(Path.Combine(dataDir, "demo", "demo-clock")), "the demo's clock is not in its own folder");
        await demo.StopAsync();
    }

    // The fault campaign's short schedule, as CI runs it on every change: a small year replayed while 24
    // faults of every kind (processes killed -9 and restarted, Redis restarted, a failing subscriber, a full
    // disk, deliveries repeated and out of order, client timeouts, the clock stepping a day) happen at moments
    // drawn from the seed; run.sh ends with the verdict as its exit code.
    [Fact]
    public Task Run_sh_with_faults_replays_a_year_through_every_kind_of_fault_and_ends_equal() =>
        AssertFaultRunEqualAsync(["--scale", "0.05", "--seed", "5"], faults: 24, faultSeed: 7, TimeSpan.FromMinutes(20));

    // Fault seed 2 of the x1 year once stopped the replay: the clock had stepped a day ahead, a six-month loan
    // fell overdue at its last instalment before its bank came to renew it, and the replay's bank could not
    // go on. Kept as it failed: the whole year, 50 faults.
    [Fact]
    public Task Run_sh_with_faults_replays_fault_seed_2_of_the_x1_year_that_once_failed_and_ends_equal() =>
        AssertFaultRunEqualAsync([], faults: 50, faultSeed: 2, TimeSpan.FromMinutes(40));

    private static async Task AssertFaultRunEqualAsync(string[] year, int faults, int faultSeed, TimeSpan within)
    {
        var dataDir = TestData.NewTempDir();
        var (rest, grpc, services) = (TestData.FreePort(), TestData.FreePort(), FreePortRange());
        string[] options = ["--demo", .. year, "--faults", faults.ToString(CultureInfo.InvariantCulture), "--fault-seed", faultSeed.ToString(CultureInfo.InvariantCulture)];
        await using var run = await StartAsync(dataDir, rest, grpc, services, new Dictionary<string, string> { ["FINANCEMARKET_REDIS_PORT"] = TestData.FreePort().ToString(CultureInfo.InvariantCulture) },
            options);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(within);
        var exitCode = await run.WaitForExitAsync(timeout.Token);

        var output = run.Output;
        Assert.True(exitCode == 0 && output.Contains($"Verdict: equal (fault seed {faultSeed}", StringComparison.Ordinal), output);
        var schedule = output.Split('\n').Select(l => System.Text.RegularExpressions.Regex.Match(l, @"^  #\d+ +at +\d+ ?%  (\w+)")).Where(m => m.Success).ToList();
        Assert.Equal(faults, schedule.Count);
        var kinds = schedule.Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.True(kinds.Count >= 6, string.Join(", ", kinds));
        Assert.Contains($"Faults injected: {faults} of {faults}", output, StringComparison.Ordinal);
        Assert.All(Enumerable.Range(services, ServiceCount), p => Assert.False(IsListening(p), $"a service still listens on {p} after the fault replay ended"));
    }

    // The load held while each process in turn is killed -9 and started again (bench/load.sh --faults): no
    // caller is ever answered wrongly or left past its deadline, and the load comes back after every restart.
    [Fact]
    public async Task Run_sh_held_load_kills_every_process_in_turn_and_no_answer_is_wrong()
    {
        var dataDir = TestData.NewTempDir();
        var (rest, grpc, services) = (TestData.FreePort(), TestData.FreePort(), FreePortRange());
        await using var run = await StartAsync(dataDir, rest, grpc, services, new Dictionary<string, string>(), "--held-load", "--down", "1");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(15));
        var exitCode = await run.WaitForExitAsync(timeout.Token);

        var output = run.Output;
        Assert.True(exitCode == 0, output);
        var killed = output.Split('\n').Select(l => System.Text.RegularExpressions.Regex.Match(l, @"^\| (\w+) \| [\d.]+ s \|")).Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal([.. Topology.Services.Select(s => s.Name).Order(StringComparer.Ordinal), "gateway"], killed);
        Assert.Matches(@"requests in \d+ s: 0 answered wrongly, 0 past their 5 s deadline", output);
        Assert.True(File.ReadAllLines(Path.Combine(dataDir, "held-load.csv")).Length > 30, "no second-by-second record");
        Assert.All(Enumerable.Range(services, ServiceCount), p => Assert.False(IsListening(p), $"a service still listens on {p} after the held load ended"));
    }

    // The data folder is this user's alone (0700, every file 0600, whoever created the folder first), and
    // no process's command line, which any user can read with ps, holds the key or the app token.
    private static void AssertSecretsStayPrivate(string dataDir)
    {
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(dataDir));
        var files = Directory.GetFiles(dataDir, "*", SearchOption.AllDirectories);
        Assert.Contains(files, f => f.EndsWith(".db", StringComparison.Ordinal));
        Assert.All(files, f => Assert.True((File.GetUnixFileMode(f) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) == 0, $"{f} is readable or writable by others"));

        var secrets = new[] { "dev-signing-key", "app-api-token" }.Select(n => File.ReadAllText(Path.Combine(dataDir, n)).Trim()).ToList();
        foreach (var process in Directory.GetDirectories("/proc").Where(d => Path.GetFileName(d).All(char.IsAsciiDigit)))
        {
            string commandLine;
            try
            {
                commandLine = File.ReadAllText(Path.Combine(process, "cmdline"));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue; // gone meanwhile, or not ours to read
            }

            Assert.All(secrets, secret => Assert.DoesNotContain(secret, commandLine, StringComparison.Ordinal));
        }
    }

    private static Task<RunningScript> StartAsync(string dataDir, int rest, int grpc, int services, params string[] options) =>
        StartAsync(dataDir, rest, grpc, services, new Dictionary<string, string>(), options);

    private static async Task<RunningScript> StartAsync(string dataDir, int rest, int grpc, int services, IReadOnlyDictionary<string, string> environment, params string[] options)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(TestData.RepoRoot(), "run.sh"), .. options])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.Environment["FINANCEMARKET_DATA_DIR"] = dataDir;
        start.Environment["FINANCEMARKET_REST_PORT"] = rest.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["FINANCEMARKET_GRPC_PORT"] = grpc.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["FINANCEMARKET_SERVICE_PORT"] = services.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var process = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var script = new RunningScript(process, output);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                using var health = await http.GetAsync(new Uri($"http://127.0.0.1:{rest}/health"), TestContext.Current.CancellationToken);
                if (health.StatusCode == HttpStatusCode.OK)
                {
                    return script;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                // Listening but not answering yet.
            }

            await Task.Delay(500, TestContext.Current.CancellationToken);
        }

        await script.DisposeAsync();
        Assert.Fail($"run.sh did not become healthy within {StartTimeout}:{Environment.NewLine}{script.Output}");
        return script;
    }

    private static async Task<string> TokenAsync(HttpClient http)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/dev/tokens", new { role = "official", subject = "launcher-test", region = "13" }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["token"]!;
    }

    // The services take consecutive ports from the one given, at the offsets the topology gives them.
    private static readonly int ServiceCount = Topology.Services.Max(s => s.PortOffset) + 1;

    private static int FreePortRange()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var port = TestData.FreePort();
            if (port < 65000 && Enumerable.Range(port + 1, ServiceCount - 1).All(p => !IsListening(p) && CanBind(p)))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"No {ServiceCount} consecutive free ports.");
    }

    private static bool CanBind(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static bool IsListening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private sealed class RunningScript(Process process, System.Text.StringBuilder output) : IAsyncDisposable
    {
        public string Output
        {
            get
            {
                lock (output)
                {
                    return output.ToString();
                }
            }
        }

        public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
        {
            await process.WaitForExitAsync(cancellationToken);
            return process.ExitCode;
        }

        // As Ctrl-C or a service manager would: SIGTERM to run.sh, which stops what it started.
        public async Task StopAsync()
        {
            if (process.HasExited)
            {
                return;
            }

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await StopAsync();
            }
            finally
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }

                process.Dispose();
            }
        }
    }
}
