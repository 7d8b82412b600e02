using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using FinanceMarket.ServiceDefaults.Storage;
using FinanceMarket.Totals.Infrastructure;
using FinanceMarket.Totals.Model;
using StackExchange.Redis;

namespace FinanceMarket.Benchmarks;

// The running totals applying deals as they arrive: one operation is 2,000 ApplicationApproved changes (each
// in its region, the regions above it, its bank, section and month: 15 scopes) applied exactly once, all in
// flight at once as a busy consumer delivers them. Redis is a redis-server of this machine started for the
// run with the production's durability (AOF, appendfsync always); SQLite a file with synchronous=FULL.
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class TotalsIngestion : FolderBenchmark
{
    private const int Events = 2_000;
    private Process? _redis;
    private ConnectionMultiplexer? _connection;
    private ITotalsStore _store = null!;

    [Params("redis", "sqlite")]
    public string Store { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        CreateFolder("totals-bench");
        if (Store == "sqlite")
        {
            _store = new SqliteTotalsStore(new SqliteDatabase(Path.Combine(Folder, "totals.db"), SqliteTotalsStore.Schema));
            return;
        }

        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _redis = Process.Start(new ProcessStartInfo("redis-server",
            ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes", "--appendfsync", "always", "--dir", Folder])
        { RedirectStandardOutput = true })!;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                _connection = ConnectionMultiplexer.Connect($"127.0.0.1:{port},allowAdmin=true");
                break;
            }
            catch (RedisConnectionException) when (attempt < 50)
            {
                Thread.Sleep(100);
            }
        }

        _store = new RedisTotalsStore(_connection, "bench:");
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public async Task<int> ApplyApprovedDeals()
    {
        var scopes = TotalsRules.ScopesOf("130903", "ccb-cangzhou", "C34", "2026-11");
        var applied = await Task.WhenAll(Enumerable.Range(0, Events).Select(i =>
        {
            var id = Guid.NewGuid();
            return _store.ApplyAsync(new TotalsChange(id, scopes,
                new Dictionary<string, long> { ["matchedDeals"] = 1, ["creditGrantedFen"] = 50_000_000 },
                [new Distinct("served", "E" + id.ToString("N"), "enterprisesServed", 1)], "application:" + id), CancellationToken.None);
        }));
        return applied.Count(a => a);
    }

    // Redis's own account of where its time went (per command, including the commands a script runs), so
    // the figure above can be split into the server's work and the rest.
    [GlobalCleanup]
    public void Cleanup()
    {
        if (_connection is not null)
        {
            foreach (var line in _connection.GetServers()[0].InfoRaw("commandstats")?.Split('\n').Where(l => l.StartsWith("cmdstat_", StringComparison.Ordinal)) ?? [])
            {
                Console.WriteLine("// redis " + line.Trim());
            }
        }

        DeleteFolder();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _connection?.Dispose();
            if (_redis is { HasExited: false })
            {
                _redis.Kill();
                _redis.WaitForExit();
            }

            _redis?.Dispose();
            _redis = null;
        }
    }
}
