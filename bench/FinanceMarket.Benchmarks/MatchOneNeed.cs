using BenchmarkDotNet.Attributes;
using FinanceMarket.Matching.Engine;

namespace FinanceMarket.Benchmarks;

// One need against the whole shelf, answered as the API answers it: the count of matches, the best 20,
// the count left out by each rule and the 20 nearest misses with their reasons. Baseline: the naive scan,
// which evaluates every rule of every product, scores every match and sorts them all.
[MemoryDiagnoser]
public class MatchOneNeed
{
    private static readonly MatchQuery Top20 = new();
    private List<ShelfProduct> _shelf = null!;
    private ShelfIndex _index = null!;

    [Params(1_000, 10_000, 100_000, 1_000_000)]
    public int Products { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _shelf = Shelf.Products(Products);
        _index = ShelfIndex.Build(_shelf);
    }

    [Benchmark(Baseline = true)]
    public int Naive() => NaiveMatcher.Match(_shelf, Shelf.Asker, Shelf.Need, Shelf.Lpr, Top20).Matches.Count;

    [Benchmark]
    public int Indexed() => _index.Match(Shelf.Asker, Shelf.Need, Shelf.Lpr, Top20).Matches.Count;
}
