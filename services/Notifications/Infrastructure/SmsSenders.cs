using System.Text.Json;

namespace FinanceMarket.Notifications.Infrastructure;

// Where SMS go. A deployment binds its carrier's gateway here; the platform ships the local adapter only.
public interface ISmsSender
{
    // Throws when the provider refused the message or could not be reached: the delivery is retried.
    Task SendAsync(string phone, string text, CancellationToken cancellationToken);
}

// The local adapter: each message is a JSON line appended to a file (and the log, with the number masked),
// so one machine shows what would have been sent without pretending that it was.
internal sealed class LogSmsSender(string path, TimeProvider time, ILogger<LogSmsSender> logger) : ISmsSender, IDisposable
{
    private readonly SemaphoreSlim _single = new(1, 1);

    public async Task SendAsync(string phone, string text, CancellationToken cancellationToken)
    {
        var line = JsonSerializer.Serialize(new { at = time.GetUtcNow(), phone, text }) + "\n";
        await _single.WaitAsync(cancellationToken);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            await File.AppendAllTextAsync(path, line, cancellationToken);
        }
        finally
        {
            _single.Release();
        }

        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("SMS to {Phone} written to {Path}", Model.OutboundRules.Mask(phone), path);
        }
    }

    public void Dispose() => _single.Dispose();
}
