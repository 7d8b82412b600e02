using FinanceMarket.ServiceDefaults.Hosting;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace FinanceMarket.UnitTests.Hosting;

// A need's answer names its banks from what the directory knows, never waiting for the registry: a read that
// is due runs beside it, once, and names the answers after it.
public sealed class NameDirectoryTests
{
    // The registry's list, answered when the test opens the gate.
    private sealed class GatedDirectory(TimeProvider time) : NameDirectory(time, NullLogger.Instance)
    {
        public TaskCompletionSource Gate { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Reads;

        protected override async Task<(IEnumerable<(string Id, string Name)> Names, string Next)> ReadPageAsync(
            string token, Metadata credentials, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Reads);
            await Gate.Task;
            return ([("ccb-cangzhou", "中国建设银行沧州分行")], string.Empty);
        }
    }

    [Fact]
    public async Task Known_answers_at_once_reads_once_in_the_background_and_names_what_follows()
    {
        using var directory = new GatedDirectory(new FakeTimeProvider(DateTimeOffset.UtcNow));

        // The registry has not answered: the id stands for the name, and the caller did not wait.
        Assert.Equal("ccb-cangzhou", directory.Known(["ccb-cangzhou"], new Metadata())("ccb-cangzhou"));
        Assert.Equal("ccb-cangzhou", directory.Known(["ccb-cangzhou"], new Metadata())("ccb-cangzhou"));
        directory.Gate.SetResult();

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (directory.Known(["ccb-cangzhou"], new Metadata())("ccb-cangzhou") != "中国建设银行沧州分行")
        {
            Assert.True(DateTime.UtcNow < deadline, "The background read never named the bank.");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        Assert.Equal(1, directory.Reads);
        Assert.Equal(string.Empty, directory.Known([null], new Metadata())(null));
    }

    [Fact]
    public async Task For_waits_for_the_read_that_is_due()
    {
        using var directory = new GatedDirectory(new FakeTimeProvider(DateTimeOffset.UtcNow));
        directory.Gate.SetResult();

        var names = await directory.ForAsync(["ccb-cangzhou"], new Metadata(), TestContext.Current.CancellationToken);

        Assert.Equal("中国建设银行沧州分行", names("ccb-cangzhou"));
        Assert.Equal("unknown-bank", names("unknown-bank"));
    }
}
