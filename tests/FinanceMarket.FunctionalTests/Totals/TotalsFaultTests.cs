using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FinanceMarket.FunctionalTests.Infrastructure;
using FinanceMarket.FunctionalTests.Matching;
using FinanceMarket.Matching.V1;
using FinanceMarket.Totals;
using Grpc.Core;
using Grpc.Net.Client;

namespace FinanceMarket.FunctionalTests.Totals;

// Deals approved through a matching service of their own while the totals' process, or its Redis, is
// killed and started again: once the outbox relay has caught up, the totals equal what was approved.
public sealed class TotalsFaultTests(Platform platform)
{
    private const int Deals = 24;

    [Fact]
    public async Task Killing_the_totals_process_mid_stream_loses_and_doubles_nothing()
    {
        var port = TestData.FreePort();
        var dataDir = TestData.NewTempDir();
        var totals = StartTotalsProcess(port, dataDir);
        try
        {
            await using var isolated = await IsolatedMatching.StartAsync(platform, Publishing($"http://127.0.0.1:{port}"), slaDays: 1);
            var expected = await ApproveDealsAsync(isolated, Deals, async done =>
            {
                if (done == Deals / 3)
                {
                    totals.Kill(entireProcessTree: true);
                    await totals.WaitForExitAsync();
                }
                else if (done == 2 * Deals / 3)
                {
                    totals.Dispose();
                    totals = StartTotalsProcess(port, dataDir);
                }
            });

            await AssertTotalsReachAsync($"http://127.0.0.1:{port}", expected);
        }
        finally
        {
            totals.Kill(entireProcessTree: true);
            totals.Dispose();
        }
    }

    [Fact]
    public async Task Restarting_Redis_mid_stream_loses_and_doubles_nothing()
    {
        var aof = TestData.NewTempDir();
        var redisPort = TestData.FreePort();
        var redis = await RedisServer.StartAsync(redisPort, aof);
        var settings = platform.ServiceSettings(dataDir: TestData.NewTempDir());
        settings["FinanceMarket:Totals:Store"] = "Redis";
        settings["FinanceMarket:Totals:RedisConnectionString"] = $"127.0.0.1:{redisPort},connectTimeout=1000,syncTimeout=2000";
        settings["FinanceMarket:Totals:RedisKeyPrefix"] = "fault:";
        await using var totals = await ServiceHost.StartAsync(TotalsApp.Build, Path.Combine(TestData.RepoRoot(), "services", "Totals"), settings);
        try
        {
            await using var isolated = await IsolatedMatching.StartAsync(platform, Publishing(totals.Address), slaDays: 1);
            var expected = await ApproveDealsAsync(isolated, Deals, async done =>
            {
                if (done == Deals / 3)
                {
                    await redis.DisposeAsync();
                }
                else if (done == 2 * Deals / 3)
                {
                    redis = await RedisServer.StartAsync(redisPort, aof);
                }
            });

            await AssertTotalsReachAsync(totals.Address, expected);
        }
        finally
        {
            await redis.DisposeAsync();
        }
    }

    private static Dictionary<string, string?> Publishing(string subscriber) => new()
    {
        ["FinanceMarket:Events:Subscribers:0"] = subscriber,
        ["FinanceMarket:Events:PollInterval"] = "00:00:00.100",
    };

    // Approves deals one after another, calling between for the fault; returns (deals, fen) approved.
    private static async Task<(long Deals, long Fen)> ApproveDealsAsync(IsolatedMatching isolated, int count, Func<int, Task> between)
    {
        var cancel = TestContext.Current.CancellationToken;
        long fen = 0;
        for (var i = 0; i < count; i++)
        {
            var need = await isolated.CallAsync(m => m.PostFinancingNeedAsync(isolated.Need(), isolated.EnterpriseToken, cancellationToken: cancel).ResponseAsync);
            var application = await isolated.CallAsync(m => m.SubmitApplicationAsync(
                new SubmitApplicationRequest { NeedId = need.NeedId, ProductId = isolated.ProductId, ConsentToCreditQuery = true }, isolated.EnterpriseToken, cancellationToken: cancel).ResponseAsync);
            var amount = 10_000_000L + (i * 1_234_567L);
            await isolated.CallAsync(m => m.ApproveApplicationAsync(new ApproveApplicationRequest
            {
                ApplicationId = application.ApplicationId, GrantedAmountFen = amount, AnnualRateBp = 345, TermMonths = 12,
                ContractDate = Domain.ChinaTime.Today(TimeProvider.System).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            }, isolated.BankToken, cancellationToken: cancel).ResponseAsync);
            fen += amount;
            await between(i + 1);
        }

        return (count, fen);
    }

    private async Task AssertTotalsReachAsync(string totalsAddress, (long Deals, long Fen) expected)
    {
        var token = Platform.Bearer(await platform.OfficialAsync("130903"));
        using var channel = GrpcChannel.ForAddress(totalsAddress);
        var client = new FinanceMarket.Totals.V1.Totals.TotalsClient(channel);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try
            {
                var snapshot = await client.GetTotalsAsync(new FinanceMarket.Totals.V1.GetTotalsRequest { RegionCode = "130903" }, token,
                    cancellationToken: TestContext.Current.CancellationToken);
                if (snapshot.MatchedDeals >= expected.Deals)
                {
                    // Caught up: and not one deal or fen more than was approved.
                    Assert.Equal((expected.Deals, expected.Fen, (long)expected.Deals, 1L),
                        (snapshot.MatchedDeals, snapshot.CreditGrantedFen, snapshot.Applications, snapshot.EnterprisesServed));
                    return;
                }
            }
            catch (RpcException) when (DateTime.UtcNow < deadline)
            {
                // Still starting.
            }

            Assert.True(DateTime.UtcNow < deadline, "The totals never caught up with the approved deals.");
            await Task.Delay(250, TestContext.Current.CancellationToken);
        }
    }

    // The totals service as run.sh runs it: its own process, so it can be killed by its id.
    private Process StartTotalsProcess(int port, string dataDir)
    {
        var dll = Path.Combine(TestData.RepoRoot(), "artifacts", "bin", "FinanceMarket.Totals", "debug", "FinanceMarket.Totals.dll");
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["FinanceMarket__DataDir"] = dataDir;
        start.Environment["FinanceMarket__Auth__SigningKey"] = platform.SigningKey;
        start.Environment["APP_API_TOKEN"] = platform.AppApiToken;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
