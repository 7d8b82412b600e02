using FinanceMarket.Totals.Model;
using StackExchange.Redis;

namespace FinanceMarket.Totals.Infrastructure;

// Changes arriving together go to Redis as one batch, one Lua script run that Redis runs without
// interleaving. Each event in turn: skip a seen event id, else record the outcome (first terminal event of
// an application wins), then add its distinct members in every scope. The counts and the scope index are
// summed over the batch and written once per scope at the end: a batch of deals in one district writes its
// 15 scopes' deal counts once, not once per deal (the script's cost was 76 us per event with per-event
// counters, most of it commands). The script derives its keys from a prefix, so it suits a single Redis
// (or one shard per deployment), not a cluster that spreads keys over shards.
internal sealed class RedisTotalsStore(IConnectionMultiplexer redis, string prefix) : ITotalsStore
{
    private const string Script = """
        local p = ARGV[1]
        local count = tonumber(ARGV[2])
        -- Read and check every event before the first write: Redis does not undo the writes of a script
        -- that fails half-way. A malformed event is answered -1 and skipped; the others apply.
        local function whole(v) return string.match(v, '^%-?%d+$') ~= nil and #v <= 19 end
        local events = {}
        local i = 3
        for e = 1, count do
          local ev = { id = ARGV[i], outcome = ARGV[i + 1], scopes = {}, counters = {}, distincts = {} }
          i = i + 2
          local n = tonumber(ARGV[i]); i = i + 1
          for s = 1, n do ev.scopes[s] = ARGV[i]; i = i + 1 end
          local m = tonumber(ARGV[i]); i = i + 1
          for c = 1, m do
            if not whole(ARGV[i + 1]) then ev.bad = true end
            ev.counters[c] = { ARGV[i], ARGV[i + 1] }; i = i + 2
          end
          local d = tonumber(ARGV[i]); i = i + 1
          for k = 1, d do
            if not whole(ARGV[i + 3]) then ev.bad = true end
            ev.distincts[k] = { ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3] }; i = i + 4
          end
          events[e] = ev
        end
        if i - 1 ~= #ARGV then return redis.error_reply('malformed batch') end
        local sums, order, index, touched = {}, {}, {}, {}
        -- Only counts (an increment of 1: a deal, a claim, a firm served) are summed here; money goes to
        -- Redis as the integer string it came as, so no amount of fen passes through a Lua number.
        local function add(key, counter, raw)
          if raw ~= '1' then redis.call('HINCRBY', key, counter, raw); return end
          local row = sums[key]
          if not row then row = {}; sums[key] = row; order[#order + 1] = key end
          row[counter] = (row[counter] or 0) + 1
        end
        local results = {}
        for e = 1, count do
          local ev = events[e]
          if ev.bad then
            results[e] = -1
          elseif not redis.call('SET', p .. 'seen:' .. ev.id, '1', 'NX') then
            results[e] = 0
          elseif ev.outcome ~= '' and not redis.call('SET', p .. 'outcome:' .. ev.outcome, ev.id, 'NX') then
            results[e] = 2
          else
            results[e] = 1
            for _, scope in ipairs(ev.scopes) do
              local key = p .. 'f:' .. scope
              for _, c in ipairs(ev.counters) do add(key, c[1], c[2]) end
              for _, d in ipairs(ev.distincts) do
                if redis.call('SADD', p .. 'd:' .. d[1] .. ':' .. scope, d[2]) == 1 then add(key, d[3], d[4]) end
              end
              if not index[scope] then index[scope] = true; touched[#touched + 1] = scope end
            end
          end
        end
        for _, key in ipairs(order) do
          for counter, amount in pairs(sums[key]) do redis.call('HINCRBY', key, counter, string.format('%d', amount)) end
        end
        for _, scope in ipairs(touched) do
          local head, member = string.match(scope, '^(.*)|([^|]*)$')
          if head then redis.call('SADD', p .. 'i:' .. head, member) end
        end
        return results
        """;

    private const int MaxBatch = 64;

    private readonly System.Threading.Channels.Channel<(TotalsChange Change, TaskCompletionSource<bool> Done)> _pending =
        System.Threading.Channels.Channel.CreateUnbounded<(TotalsChange, TaskCompletionSource<bool>)>(new() { SingleReader = true });

    private Task? _sender;

    private IDatabase Db => redis.GetDatabase();

    public Task<bool> ApplyAsync(TotalsChange change, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending.Writer.TryWrite((change, done));
        lock (_pending)
        {
            _sender ??= Task.Run(SendLoopAsync, CancellationToken.None);
        }

        return done.Task;
    }

    // One script run at a time: what arrives while one is in flight waits for the next, so a busy consumer
    // gets batches and a quiet one a batch of one without delay.
    private async Task SendLoopAsync()
    {
        var batch = new List<(TotalsChange Change, TaskCompletionSource<bool> Done)>(MaxBatch);
        while (await _pending.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            try
            {
                var results = (long[])(await Db.ScriptEvaluateAsync(Script, [], Arguments(batch.Select(b => b.Change))))!;
                for (var i = 0; i < batch.Count; i++)
                {
                    if (results[i] < 0)
                    {
                        batch[i].Done.TrySetException(new ArgumentException($"event {batch[i].Change.EventId} has a counter that is not a number"));
                    }
                    else
                    {
                        batch[i].Done.TrySetResult(results[i] != 0);
                    }
                }
            }
            catch (Exception ex)
            {
                // Redis refused or was unreachable: none of the batch is known to be applied; each caller
                // hears it and the event is delivered again (the seen-mark makes that safe either way).
                batch.ForEach(b => b.Done.TrySetException(ex));
            }
        }
    }

    private RedisValue[] Arguments(IEnumerable<TotalsChange> changes)
    {
        var args = new List<RedisValue> { prefix, 0 };
        var count = 0;
        foreach (var change in changes)
        {
            count++;
            args.AddRange([change.EventId.ToString(), change.Outcome ?? string.Empty, change.Scopes.Count]);
            args.AddRange(change.Scopes.Select(s => (RedisValue)s));
            args.Add(change.Counters.Count);
            foreach (var (name, amount) in change.Counters)
            {
                args.Add(name);
                args.Add(amount);
            }

            var distincts = change.Distincts;
            args.Add(distincts.Count);
            foreach (var distinct in distincts)
            {
                args.AddRange([distinct.Set, distinct.Member, distinct.Counter, distinct.Amount]);
            }
        }

        args[1] = count;
        return [.. args];
    }

    public async Task<Figures> GetAsync(string scope, CancellationToken cancellationToken) =>
        Read(await Db.HashGetAllAsync(prefix + "f:" + scope));

    public async Task<IReadOnlyList<(string Key, Figures Figures)>> UnderAsync(string head, CancellationToken cancellationToken)
    {
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

    public async Task<IReadOnlyList<(string Day, IReadOnlyDictionary<string, long> Counters)>> ScoreRowsAsync(
        string region, DateOnly firstDay, DateOnly lastDay, CancellationToken cancellationToken)
    {
        // The script indexes every scope under its head: the days of a region's scorecard rows.
        var head = Scorecards.Scope(region, string.Empty)[..^1];
        var (first, last) = (Dates.Day(firstDay), Dates.Day(lastDay));
        var days = (await Db.SetMembersAsync(prefix + "i:" + head)).Select(d => d.ToString())
            .Where(d => string.CompareOrdinal(d, first) >= 0 && string.CompareOrdinal(d, last) <= 0)
            .Order(StringComparer.Ordinal).ToList();
        var batch = Db.CreateBatch();
        var reads = days.Select(d => batch.HashGetAllAsync(prefix + "f:" + head + "|" + d)).ToList();
        batch.Execute();
        var rows = new List<(string, IReadOnlyDictionary<string, long>)>();
        for (var i = 0; i < days.Count; i++)
        {
            rows.Add((days[i], (await reads[i]).ToDictionary(e => e.Name.ToString(), e => (long)e.Value, StringComparer.Ordinal)));
        }

        return rows;
    }

    private static Figures Read(HashEntry[] entries) =>
        Figures.From(entries.ToDictionary(e => e.Name.ToString(), e => (long)e.Value, StringComparer.Ordinal));
}
