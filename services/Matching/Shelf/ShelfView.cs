using FinanceMarket.Matching.Extensions;
using Microsoft.Extensions.Options;

namespace FinanceMarket.Matching.Shelf;

public sealed record ShelfSnapshot(ShelfIndex Index, DateTimeOffset? ConfirmedAt);

// This replica's copy of the shelf. ProductListed / ProductDelisted events keep it current; a full read
// of the catalog (Replace) confirms it every ShelfResyncEvery. Each product carries the catalog's version,
// so an event that arrives late, or a full read that began before an event, never undoes something newer.
// Delisted products stay as versioned tombstones for the same reason, including those a full read no
// longer lists.
//
// An event changes the index in place of rebuilding it (ShelfIndex.With / Without: a copy of one bitset
// and of a small delta); once RebuildAfter changes are pending, the index is rebuilt in the background
// and the changes made meanwhile are applied to the new one.
public sealed class ShelfView(IOptions<MatchingOptions> options, TimeProvider time)
{
    // Each pending change is a product every need tests by itself; a few hundred cost a need microseconds.
    public const int RebuildAfter = 256;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _sequence;
    private ShelfIndex _index = ShelfIndex.Build([]);
    private bool _rebuilding;
    private long _installedMark;
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
            return new ShelfSnapshot(_index, _confirmedAt);
        }
    }

    // The product as this replica matches it now, with the catalog's version; null when not on its shelf.
    public (ShelfProduct Product, long Version)? Find(string productId)
    {
        lock (_gate)
        {
            return _entries.TryGetValue(productId, out var entry) && entry.Product is { } product ? (product, entry.Version) : null;
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
                // A product read at the version the view has is the same product: it is not a change, so a
                // rebuild under way does not apply it again.
                if (!_entries.TryGetValue(id, out var known) || known.Product is null || known.Version != read.Version)
                {
                    _entries[id] = new Entry(read.Product, read.Version, ++_sequence);
                }
            }

            _rebuilding = true;
        }

        // Confirmed only once the index holds what was read: a need meanwhile waits for it or says stale.
        Rebuild();
        lock (_gate)
        {
            _confirmedAt = time.GetUtcNow();
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
            _index = product is null ? _index.Without(productId) : _index.With(product);
            if (_index.Pending >= RebuildAfter && !_rebuilding)
            {
                _rebuilding = true;
                _ = Task.Run(Rebuild);
            }

            return true;
        }
    }

    // Builds outside the lock, so events and needs go on meanwhile; what changed since is applied after.
    // Any number may run at once (a full read during a background rebuild). Each applies the changes made
    // after its own mark; a build older than the one in place is dropped, and one that more than
    // RebuildAfter changes overtook is built again rather than patched product by product.
    private void Rebuild()
    {
        try
        {
            while (true)
            {
                List<ShelfProduct> products;
                long mark;
                lock (_gate)
                {
                    products = [.. _entries.Values.Where(e => e.Product is not null).Select(e => e.Product!)];
                    mark = _sequence;
                }

                var built = ShelfIndex.Build(products);
                lock (_gate)
                {
                    if (mark < _installedMark)
                    {
                        return;
                    }

                    var since = _entries.Where(e => e.Value.Sequence > mark).ToList();
                    if (since.Count > RebuildAfter)
                    {
                        continue;
                    }

                    foreach (var (id, entry) in since)
                    {
                        built = entry.Product is null ? built.Without(id) : built.With(entry.Product);
                    }

                    _index = built;
                    _installedMark = mark;
                    return;
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                _rebuilding = false;
            }
        }
    }

    private sealed record Entry(ShelfProduct? Product, long Version, long Sequence);
}
