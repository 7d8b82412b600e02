namespace FinanceMarket.Totals.Grpc;

// Counted places, per key, that a caller holds while a call runs: the WatchTotals streams of one subject,
// the one reconciliation of a region. A place is returned when its holder is disposed.
internal sealed class Slots
{
    private readonly Dictionary<string, int> _held = new(StringComparer.Ordinal);

    // Null when the key already holds `max` places.
    public IDisposable? TryTake(string key, int max)
    {
        lock (_held)
        {
            var held = _held.GetValueOrDefault(key);
            if (held >= max)
            {
                return null;
            }

            _held[key] = held + 1;
        }

        return new Place(this, key);
    }

    private void Return(string key)
    {
        lock (_held)
        {
            if (--_held[key] == 0)
            {
                _held.Remove(key);
            }
        }
    }

    private sealed class Place(Slots slots, string key) : IDisposable
    {
        private int _returned;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _returned, 1) == 0)
            {
                slots.Return(key);
            }
        }
    }
}
