using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace FinanceMarket.ServiceDefaults.Hosting;

// Display names of another service's records (a bank's, read from the catalog): the whole list read in pages
// with the caller's credentials and kept a few minutes, or read again sooner when an id is missing. Display
// only: when the owner does not answer, the names known are used and an unknown id shows as itself.
public abstract class NameDirectory(TimeProvider time, ILogger logger) : IDisposable
{
    private static readonly TimeSpan KeepFor = TimeSpan.FromMinutes(5);
    // A bank created a moment ago is taken at once (抢单): its name should follow within seconds. One read of the
    // list per this interval at most, however many requests name an unknown id.
    private static readonly TimeSpan RetryMissingAfter = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _single = new(1, 1);
    private volatile IReadOnlyDictionary<string, string> _names = new Dictionary<string, string>();
    private long _readAtTicks = DateTimeOffset.MinValue.UtcTicks;
    private int _refreshing;

    public async Task<Func<string?, string>> ForAsync(IEnumerable<string?> ids, Metadata credentials, CancellationToken cancellationToken)
    {
        var names = _names;
        if (Due(names, ids))
        {
            names = await ReadAsync(credentials, cancellationToken);
        }

        return Lookup(names);
    }

    // The names known now, never waiting for the owner, for an answer that must not slow down or fail with it
    // (a need's matches while the catalog restarts): a read that is due runs in the background, one at a time,
    // and its names serve the calls after it.
    public Func<string?, string> Known(IEnumerable<string?> ids, Metadata credentials)
    {
        var names = _names;
        if (Due(names, ids) && Interlocked.CompareExchange(ref _refreshing, 1, 0) == 0)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await ReadAsync(credentials, CancellationToken.None);
                }
                catch (Exception ex)
                {
                    logger.LogWarning(ex, "The names could not be read in the background; showing those known");
                }
                finally
                {
                    Interlocked.Exchange(ref _refreshing, 0);
                }
            });
        }

        return Lookup(names);
    }

    private bool Due(IReadOnlyDictionary<string, string> names, IEnumerable<string?> ids)
    {
        var age = time.GetUtcNow() - new DateTimeOffset(Interlocked.Read(ref _readAtTicks), TimeSpan.Zero);
        return age >= KeepFor || (age >= RetryMissingAfter && ids.Any(id => !string.IsNullOrEmpty(id) && !names.ContainsKey(id)));
    }

    private static Func<string?, string> Lookup(IReadOnlyDictionary<string, string> names) =>
        id => string.IsNullOrEmpty(id) ? string.Empty : names.TryGetValue(id, out var name) ? name : id;

    public void Dispose()
    {
        _single.Dispose();
        GC.SuppressFinalize(this);
    }

    // One page of (id, name) pairs after the token ("" for the first), and the next token ("" after the last).
    protected abstract Task<(IEnumerable<(string Id, string Name)> Names, string Next)> ReadPageAsync(string token, Metadata credentials, CancellationToken cancellationToken);

    private async Task<IReadOnlyDictionary<string, string>> ReadAsync(Metadata credentials, CancellationToken cancellationToken)
    {
        await _single.WaitAsync(cancellationToken);
        try
        {
            var read = new Dictionary<string, string>(StringComparer.Ordinal);
            var token = string.Empty;
            do
            {
                var (page, next) = await ReadPageAsync(token, credentials, cancellationToken);
                foreach (var (id, name) in page)
                {
                    read[id] = name;
                }

                token = next;
            }
            while (token.Length > 0);

            _names = read;
            return read;
        }
        catch (Exception ex) when (ex is RpcException || ResilientGrpcClients.IsUnreachable(ex))
        {
            logger.LogWarning("The names could not be read ({Reason}); showing those known", ex.Message);
            return _names;
        }
        finally
        {
            Interlocked.Exchange(ref _readAtTicks, time.GetUtcNow().UtcTicks);
            _single.Release();
        }
    }
}
