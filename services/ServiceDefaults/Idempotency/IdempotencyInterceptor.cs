using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using Google.Api;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Core.Interceptors;
using FinanceMarket.ServiceDefaults.Security;

namespace FinanceMarket.ServiceDefaults.Idempotency;

// Idempotency-Key on every create and action (each unary method whose REST verb is not GET): the first
// answer of a key is kept for 24 hours and given again to a request with the same key and the same body, a
// different body is 409, and two requests with one key run one after the other, never side by side. The key
// belongs to its caller and method: another caller's key of the same text is another key. Refusals are not
// kept (nothing was stored, so a retry is tried afresh).
public sealed class IdempotencyInterceptor(IdempotentMethods methods, IIdempotencyStore store, IdempotencyClock clock) : Interceptor
{
    public const string Header = "idempotency-key";

    // Tells a client the answer is the first one again, as payment APIs do.
    public const string ReplayedHeader = "idempotent-replayed";

    public const int MaxKeyLength = 255;

    private readonly KeyLocks _locks = new();

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (!methods.Covers(context.Method) || KeyOf(context) is not { } key || CallerOf(context) is not { } caller)
        {
            return await continuation(request, context);
        }

        var scope = $"{context.Method}|{caller}|{key}";
        var hash = SHA256.HashData(((IMessage)request).ToByteArray());
        using (await _locks.TakeAsync(scope, context.CancellationToken))
        {
            var now = clock.Now;
            if (await FirstAnswerAsync<TResponse>(scope, hash, now, context) is { } first)
            {
                return first;
            }

            var call = new IdempotentCall(scope, hash, now, ((IMessage)Activator.CreateInstance<TResponse>()).Descriptor);
            IdempotentCall.Current = call;
            TResponse response;
            try
            {
                response = await continuation(request, context);
            }
            catch (IdempotencyKeyTakenException)
            {
                return await FirstAnswerAsync<TResponse>(scope, hash, now, context) ?? throw InUse(key);
            }
            finally
            {
                IdempotentCall.Current = null;
            }

            if (!call.SavedWithEffect)
            {
                try
                {
                    await store.SaveAsync(new IdempotencyRecord(call, ((IMessage)response).ToByteArray()), CancellationToken.None);
                }
                catch (IdempotencyKeyTakenException)
                {
                    return await FirstAnswerAsync<TResponse>(scope, hash, now, context) ?? throw InUse(key);
                }
            }

            return response;
        }
    }

    private async Task<TResponse?> FirstAnswerAsync<TResponse>(string scope, byte[] hash, DateTimeOffset now, ServerCallContext context) where TResponse : class
    {
        if (await store.FindAsync(scope, now - IdempotencyStores.Retention, context.CancellationToken) is not { } saved)
        {
            return null;
        }

        if (!CryptographicOperations.FixedTimeEquals(saved.RequestHash, hash))
        {
            throw new RpcException(new Status(StatusCode.AlreadyExists,
                $"The Idempotency-Key was used at {saved.CreatedAt:O} for a request with another body; a new request needs a new key."));
        }

        await context.WriteResponseHeadersAsync(new Metadata { { ReplayedHeader, "true" } });
        var answer = (IMessage)Activator.CreateInstance<TResponse>();
        answer.MergeFrom(saved.Answer);
        return (TResponse)answer;
    }

    private static RpcException InUse(string key) =>
        new(new Status(StatusCode.Aborted, $"The Idempotency-Key {key} is in use by another request at this moment; try again shortly."));

    // Printable ASCII of 1 to 255 characters (a UUID is the usual choice); anything else is refused rather
    // than ignored, since a client that sends a key relies on it.
    private static string? KeyOf(ServerCallContext context)
    {
        var entries = context.RequestHeaders.Where(h => h.Key == Header).ToList();
        if (entries.Count == 0)
        {
            return null;
        }

        var key = entries[0].Value;
        if (entries.Count > 1 || key.Length is 0 or > MaxKeyLength || key.Any(c => c is < '!' or > '~'))
        {
            Violations.Fail("Idempotency-Key", Domain.Reasons.IdempotencyKey,
                $"must be one header of 1 to {MaxKeyLength} printable ASCII characters without spaces (a UUID, say)", ("max", MaxKeyLength));
        }

        return key;
    }

    // The token's role and subject; without them the method refuses the call itself.
    private static string? CallerOf(ServerCallContext context)
    {
        var user = context.GetHttpContext().User;
        return user.FindFirstValue(Roles.RoleClaim) is { Length: > 0 } role && user.FindFirstValue(Roles.SubjectClaim) is { Length: > 0 } subject
            ? $"{role}:{subject}"
            : null;
    }

    // One request per key at a time in this process; across replicas the store's unique key decides.
    private sealed class KeyLocks
    {
        private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

        public async Task<IDisposable> TakeAsync(string key, CancellationToken cancellationToken)
        {
            while (true)
            {
                var entry = _entries.GetOrAdd(key, _ => new Entry());
                lock (entry)
                {
                    if (entry.Retired)
                    {
                        continue;
                    }

                    entry.Users++;
                }

                try
                {
                    await entry.Gate.WaitAsync(cancellationToken);
                }
                catch
                {
                    Leave(key, entry);
                    throw;
                }

                return new Release(() =>
                {
                    entry.Gate.Release();
                    Leave(key, entry);
                });
            }
        }

        private void Leave(string key, Entry entry)
        {
            lock (entry)
            {
                if (--entry.Users == 0)
                {
                    entry.Retired = true;
                    _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
                }
            }
        }

        private sealed class Entry
        {
            public SemaphoreSlim Gate { get; } = new(1, 1);

            public int Users { get; set; }

            public bool Retired { get; set; }
        }

        private sealed class Release(Action release) : IDisposable
        {
            private int _done;

            public void Dispose()
            {
                if (Interlocked.Exchange(ref _done, 1) == 0)
                {
                    release();
                }
            }
        }
    }
}

// The unary methods of a service that change something: those whose REST route is not a GET.
public sealed class IdempotentMethods(IEnumerable<ServiceDescriptor> services)
{
    private readonly HashSet<string> _paths = services
        .SelectMany(s => s.Methods)
        .Where(m => !m.IsClientStreaming && !m.IsServerStreaming && IsWrite(m))
        .Select(m => $"/{m.Service.FullName}/{m.Name}")
        .ToHashSet(StringComparer.Ordinal);

    public bool Covers(string method) => _paths.Contains(method);

    public IReadOnlyCollection<string> Paths => _paths;

    private static bool IsWrite(MethodDescriptor method) =>
        method.GetOptions()?.GetExtension(AnnotationsExtensions.Http) is { } rule && rule.PatternCase is not (HttpRule.PatternOneofCase.Get or HttpRule.PatternOneofCase.None);
}

// The clock a key's 24 hours are counted on. The demo's clock jumps whole days to replay a year in minutes;
// a client's retry lives in real time, so with the demo clock the system clock counts (as the sweeps' timers do).
public sealed class IdempotencyClock(TimeProvider time)
{
    public TimeProvider Time { get; } = time is Hosting.DemoClock ? TimeProvider.System : time;

    public DateTimeOffset Now => Time.GetUtcNow();
}
