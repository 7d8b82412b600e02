using BenchmarkDotNet.Attributes;
using FinanceMarket.Matching.Engine;

namespace FinanceMarket.Benchmarks;

// One need against the whole shelf. "Ranked" is what finding the matches costs; "Explained" adds a reason
// for every product left out, as the API answers. Baseline: the naive scan of every rule of every product.
[MemoryDiagnoser]
public class MatchOneNeed
{
    private List<ShelfProduct> _shelf = null!;
    private ShelfIndex _index = null!;
    private readonly EnterpriseProfile _enterprise = new("e", Domain.SizeClass.SMALL, "C36", "130903", 4, Domain.TaxCreditRating.B);
    private readonly FinancingRequest _need = new(300_000_000, 24, CollateralAvailable: false);

    [Params(1_000, 10_000, 100_000)]
    public int Products { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _shelf = Shelf.Products(Products);
        _index = ShelfIndex.Build(_shelf);
    }

    [Benchmark(Baseline = true)]
    public int NaiveRanked() => NaiveMatcher.Match(_index.Products, _enterprise, _need, Shelf.Lpr, explainExclusions: false).Matches.Count;

    [Benchmark]
    public int NaiveExplained() => NaiveMatcher.Match(_index.Products, _enterprise, _need, Shelf.Lpr).Excluded.Count;

    [Benchmark]
    public int IndexedRanked() => _index.Match(_enterprise, _need, Shelf.Lpr, explainExclusions: false).Matches.Count;

    [Benchmark]
    public int IndexedExplained() => _index.Match(_enterprise, _need, Shelf.Lpr).Excluded.Count;
}
