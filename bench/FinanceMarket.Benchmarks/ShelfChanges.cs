using BenchmarkDotNet.Attributes;
using FinanceMarket.Matching.Engine;

namespace FinanceMarket.Benchmarks;

// What the shelf costs besides matching, at 100,000 products: a listing or delisting applied to the index
// (as a ProductListed / ProductDelisted event does), the rebuild the view runs in the background once
// changes pile up, and one product explained against a need on request.
[MemoryDiagnoser]
public class ShelfChanges
{
    private List<ShelfProduct> _shelf = null!;
    private ShelfIndex _index = null!;
    private ShelfProduct _listed = null!;
    private ShelfProduct _excluded = null!;

    [Params(100_000)]
    public int Products { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _shelf = Shelf.Products(Products);

        // Half the changes the view holds before it rebuilds, so that the figures include a realistic delta.
        _index = ShelfIndex.Build(_shelf.Skip(64));
        foreach (var product in _shelf.Take(64))
        {
            _index = _index.With(product);
        }

        _index = _index.Without(_shelf[^1].ProductId).Without(_shelf[^2].ProductId);
        _listed = Shelf.Products(1, seed: 99)[0] with { ProductId = "p-new" };
        _excluded = _shelf.First(p => !EligibilityRules.IsEligible(p, Shelf.Asker, Shelf.Need));
    }

    [Benchmark]
    public ShelfIndex ApplyListing() => _index.With(_listed);

    [Benchmark]
    public ShelfIndex ApplyDelisting() => _index.Without(_shelf[500].ProductId);

    [Benchmark]
    public ShelfIndex Rebuild() => ShelfIndex.Build(_shelf);

    [Benchmark]
    public int ExplainOne() => EligibilityRules.Details(_excluded, Shelf.Asker, Shelf.Need).Count;
}
