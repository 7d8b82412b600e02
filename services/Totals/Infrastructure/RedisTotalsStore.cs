using FinanceMarket.Totals.Model;
using StackExchange.Redis;

namespace FinanceMarket.Totals.Infrastructure;

// One Lua script per event, which Redis runs without interleaving: skip a seen event id, else record the
// outcome (first terminal event of an application wins), then apply every counter and distinct member in
// every scope and index the scope for breakdowns. The script derives its keys from a prefix, so it suits a
// single Redis (or one shard per deployment), not a cluster that spreads keys over shards.
internal sealed class RedisTotalsStore(IConnectionMultiplexer redis, string prefix) : ITotalsStore
{
    private const string Script = """
        local p = ARGV[1]
        -- Read and check every argument before the first write: Redis does not undo the writes of a
        -- script that fails half-way, so nothing may fail after the event is marked seen.
        local i = 4
        local n = tonumber(ARGV[i]); i = i + 1
        local scopes = {}
        for s = 1, n do scopes[s] = ARGV[i]; i = i + 1 end
        local m = tonumber(ARGV[i]); i = i + 1
        local counters = {}
        for c = 1, m do
          if not tonumber(ARGV[i + 1]) then return redis.error_reply('counter ' .. tostring(ARGV[i]) .. ' is not a number') end
          counters[c] = { ARGV[i], ARGV[i + 1] }; i = i + 2
        end
        local d = tonumber(ARGV[i]); i = i + 1
        local distincts = {}
        for k = 1, d do
          if not tonumber(ARGV[i + 3]) then return redis.error_reply('distinct amount is not a number') end
          distincts[k] = { ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3] }; i = i + 4
        end
        if i - 1 ~= #ARGV then return redis.error_reply('malformed change') end
        if not redis.call('SET', p .. 'seen:' .. ARGV[2], '1', 'NX') then return 0 end
        if ARGV[3] ~= '' and not redis.call('SET', p .. 'outcome:' .. ARGV[3], ARGV[2], 'NX') then return 2 end
        for s = 1, n do
          local scope = scopes[s]
          local key = p .. 'f:' .. scope
          for c = 1, m do redis.call('HINCRBY', key, counters[c][1], counters[c][2]) end
          for k = 1, d do
            if redis.call('SADD', p .. 'd:' .. distincts[k][1] .. ':' .. scope, distincts[k][2]) == 1 then
              redis.call('HINCRBY', key, distincts[k][3], distincts[k][4])
            end
          end
          local head, member = string.match(scope, '^(.*)|([^|]*)$')
          if head then redis.call('SADD', p .. 'i:' .. head, member) end
        end
        return 1
        """;

    private IDatabase Db => redis.GetDatabase();

    public async Task<bool> ApplyAsync(TotalsChange change, CancellationToken cancellationToken)
    {
        var args = new List<RedisValue> { prefix, change.EventId.ToString(), change.Outcome ?? string.Empty, change.Scopes.Count };
        args.AddRange(change.Scopes.Select(s => (RedisValue)s));
        args.Add(change.Counters.Count);
        foreach (var (name, amount) in change.Counters)
        {
            args.Add(name);
            args.Add(amount);
        }

        var distincts = new[] { change.Served, change.Principal }.OfType<Distinct>().ToList();
        args.Add(distincts.Count);
        foreach (var distinct in distincts)
        {
            args.AddRange([distinct.Set, distinct.Member, distinct.Counter, distinct.Amount]);
        }

        var result = (long)await Db.ScriptEvaluateAsync(Script, [], [.. args]);
        return result != 0;
    }

    public async Task<Figures> GetAsync(string scope, CancellationToken cancellationToken) =>
        Read(await Db.HashGetAllAsync(prefix + "f:" + scope));

    public async Task<IReadOnlyList<(string Key, Figures Figures)>> BreakdownAsync(string region, Dimension dimension, CancellationToken cancellationToken)
    {
        var head = Scopes.Prefix(region, dimension)[..^1];
        var keys = (await Db.SetMembersAsync(prefix + "i:" + head)).Select(k => k.ToString()).Order(StringComparer.Ordinal).ToList();
        var batch = Db.CreateBatch();
        var reads = keys.Select(k => batch.HashGetAllAsync(prefix + "f:" + head + "|" + k)).ToList();
        batch.Execute();
        var rows = new List<(string, Figures)>();
        for (var i = 0; i < keys.Count; i++)
        {
            rows.Add((keys[i], Read(await reads[i])));
        }

        return rows;
    }

    private static Figures Read(HashEntry[] entries) =>
        Figures.From(entries.ToDictionary(e => e.Name.ToString(), e => (long)e.Value));
}
