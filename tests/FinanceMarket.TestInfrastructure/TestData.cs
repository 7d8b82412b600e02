using Xunit;
using System.Net;
using System.Net.Sockets;
using FinanceMarket.Domain;

namespace FinanceMarket.TestInfrastructure;

// Each test makes its own identities, so no test depends on what another stored.
public static class TestData
{
    public static string NewUscc(string region = "130903")
    {
        var organisation = new string(Enumerable.Range(0, 9)
            .Select(_ => UnifiedSocialCreditCode.Alphabet[Random.Shared.Next(UnifiedSocialCreditCode.Alphabet.Length)])
            .ToArray());
        var first17 = "91" + region + organisation;
        return first17 + UnifiedSocialCreditCode.CheckCharacter(first17);
    }

    // A code that fails only its check character (a "real code" an official may override).
    public static string WithWrongCheck(string uscc)
    {
        var wrong = UnifiedSocialCreditCode.Alphabet[(UnifiedSocialCreditCode.Alphabet.IndexOf(uscc[^1], StringComparison.Ordinal) + 1) % 31];
        return uscc[..^1] + wrong;
    }

    // A district of a province no other test uses, so its totals are the calling test's alone.
    public static string FreshRegion() => "65" + Random.Shared.Next(1000, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string NewBankId() => "bank-" + Guid.NewGuid().ToString("N")[..10];

    // A port to bind a moment later, chosen below the kernel's ephemeral range (Linux: from 32768): a port the
    // kernel handed out for binding to port 0 is also one any outgoing connection's local end may take
    // meanwhile, which a platform of eight services and a gateway, started port by port, met now and then.
    // Never the same port twice in this process.
    public static int FreePort()
    {
        lock (PortGate)
        {
            for (var attempt = 0; attempt < 200; attempt++)
            {
                var port = Random.Shared.Next(20_000, 32_000);
                if (!HandedOut.Add(port))
                {
                    continue;
                }

                try
                {
                    using var probe = new TcpListener(IPAddress.Loopback, port);
                    probe.Start();
                    return port;
                }
                catch (SocketException)
                {
                    // Taken by another process: try another.
                }
            }
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static readonly Lock PortGate = new();
    private static readonly HashSet<int> HandedOut = [];

    public static string NewTempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "financemarket-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static string NewSigningKey() => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "FinanceMarket.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("FinanceMarket.sln not found above the test binaries.");
    }

    // Waits for something that happens in the background (an event delivered), failing after the timeout.
    public static async Task<T> EventuallyAsync<T>(Func<T?> probe, TimeSpan timeout, string what) where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (probe() is { } value)
            {
                return value;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"Waited {timeout.TotalSeconds:0} s for {what}.");
    }
}
