using FinanceMarket.Matching.Extensions;
using Microsoft.Extensions.Options;

namespace FinanceMarket.Matching.Shelf;

public sealed record ShelfSnapshot(ShelfIndex Index, IReadOnlyDictionary<string, ShelfProduct> Products, DateTimeOffset? ConfirmedAt);

// This replica's copy of the shelf. ProductListed / ProductDelisted events keep it current; a full read
// of the catalog (Replace) confirms it every ShelfResyncEvery. Each product carries the catalog's version,
// so an event that arrives late, or a full read that began before an event, never undoes something newer.
// Delisted products stay as versioned tombstones for the same reason, including those a full read no
// longer lists.
public sealed class ShelfView(IOptions<MatchingOptions> options, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _sequence;
    private ShelfSnapshot? _snapshot;
    private DateTimeOffset? _confirmedAt;

    public bool IsLoaded
    {
        get
        {
            lock (_gate)
            {
                return _confirmedAt is not null;
            }
        }
    }

    public bool IsDue
    {
        get
        {
            lock (_gate)
            {
                return _confirmedAt is not { } at || time.GetUtcNow() - at >= options.Value.ShelfResyncEvery;
            }
        }
    }

    // Where a full read starts: changes applied after this mark survive the Replace that follows.
    public long Mark()
    {
        lock (_gate)
        {
            return _sequence;
        }
    }

    public ShelfSnapshot Snapshot()
    {
        lock (_gate)
        {
            // Rebuilt once per burst of changes, on the first read after them, not on every event.
            return _snapshot ??= Build();
        }
    }

    public bool Apply(ShelfProduct product, long version) => Set(product.ProductId, product, version);

    public bool Remove(string productId, long version) => Set(productId, null, version);

    public void Replace(IReadOnlyCollection<(ShelfProduct Product, long Version)> listed, long mark)
    {
        lock (_gate)
        {
            var fresh = listed.ToDictionary(p => p.Product.ProductId, p => p, StringComparer.Ordinal);
            foreach (var (id, entry) in _entries.ToList())
            {
                var keep = entry.Product is null || entry.Sequence > mark;
                if (fresh.TryGetValue(id, out var read) && read.Version >= entry.Version)
                {
                    keep = false;
                }

                if (keep)
                {
                    fresh.Remove(id);
                }
                else if (!fresh.ContainsKey(id))
                {
                    // Delisted while its event was lost: a tombstone, so a late redelivery of the listing stays out.
                    _entries[id] = entry with { Product = null, Sequence = ++_sequence };
                }
            }

            foreach (var (id, read) in fresh)
            {
                _entries[id] = new Entry(read.Product, read.Version, ++_sequence);
            }

            _confirmedAt = time.GetUtcNow();
            _snapshot = null;
        }
    }

    private bool Set(string productId, ShelfProduct? product, long version)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(productId, out var known) && known.Version >= version)
            {
                return false;
            }

            _entries[productId] = new Entry(product, version, ++_sequence);
            _snapshot = null;
            return true;
        }
    }

    private ShelfSnapshot Build()
    {
        var products = _entries.Values.Where(e => e.Product is not null).Select(e => e.Product!)
            .OrderBy(p => p.ProductId, StringComparer.Ordinal).ToList();
        return new ShelfSnapshot(ShelfIndex.Build(products), products.ToDictionary(p => p.ProductId, StringComparer.Ordinal), _confirmedAt);
    }

    private sealed record Entry(ShelfProduct? Product, long Version, long Sequence);
}
