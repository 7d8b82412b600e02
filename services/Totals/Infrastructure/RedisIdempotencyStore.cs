using FinanceMarket.ServiceDefaults.Idempotency;
using StackExchange.Redis;

namespace FinanceMarket.Totals.Infrastructure;

// Totals on Redis keep their Idempotency-Keys beside the figures. Only Reconcile is a POST here, and it changes
// nothing, so there is no change to save a key with: the answer is saved after, taken only if no live key holds it.
internal sealed class RedisIdempotencyStore(IConnectionMultiplexer redis, string prefix) : IIdempotencyStore
{
    private const string Take = """
        local created = redis.call('HGET', KEYS[1], 'c')
        if created and tonumber(created) >= tonumber(ARGV[4]) then return 0 end
        redis.call('HSET', KEYS[1], 'h', ARGV[1], 'a', ARGV[2], 'c', ARGV[3])
        redis.call('PEXPIRE', KEYS[1], ARGV[5])
        return 1
        """;

    // Real time, past the retention, so Redis forgets a key after the purge would have.
    private static readonly long Lifetime = (long)(IdempotencyStores.Retention + TimeSpan.FromHours(1)).TotalMilliseconds;

    private IDatabase Db => redis.GetDatabase();

    private RedisKey Key(string scope) => prefix + "idem:" + scope;

    public async Task<SavedAnswer?> FindAsync(string scope, DateTimeOffset expiredBefore, CancellationToken cancellationToken)
    {
        var fields = (await Db.HashGetAllAsync(Key(scope))).ToDictionary(e => e.Name.ToString(), e => e.Value);
        if (!fields.TryGetValue("c", out var created) || (long)created < expiredBefore.ToUnixTimeMilliseconds())
        {
            return null;
        }

        return new SavedAnswer(fields["h"]!, fields["a"]!, false, DateTimeOffset.FromUnixTimeMilliseconds((long)created));
    }

    public async Task SaveAsync(IdempotencyRecord record, CancellationToken cancellationToken)
    {
        var taken = (long)(await Db.ScriptEvaluateAsync(Take, [Key(record.Scope)],
            [record.RequestHash, record.Answer, record.CreatedAt.ToUnixTimeMilliseconds(), record.ExpiredBefore.ToUnixTimeMilliseconds(), Lifetime]));
        if (taken == 0)
        {
            throw new IdempotencyKeyTakenException(record.Scope);
        }
    }

    // Redis expires the keys itself.
    public Task<int> PurgeAsync(DateTimeOffset savedBefore, CancellationToken cancellationToken) => Task.FromResult(0);
}
