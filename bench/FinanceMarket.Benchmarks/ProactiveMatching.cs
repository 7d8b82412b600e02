using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using FinanceMarket.Matching.Engine;

namespace FinanceMarket.Benchmarks;

// Which products to recommend to whom: every enterprise of a province against the shelf, on the rules
// alone. One operation = the whole population, so a single measured run is meaningful.
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 2)]
public class ProactiveMatching
{
    private List<ShelfProduct> _shelf = null!;
    private ShelfIndex _index = null!;
    private List<EnterpriseProfile> _enterprises = null!;

    [Params(100_000)]
    public int Enterprises { get; set; }

    [Params(10_000)]
    public int Products { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _shelf = Shelf.Products(Products);
        _index = ShelfIndex.Build(_shelf);
        _enterprises = Shelf.Enterprises(Enterprises);
    }

    [Benchmark(Baseline = true)]
    public long Naive()
    {
        long pairs = 0;
        foreach (var enterprise in _enterprises)
        {
            pairs += NaiveMatcher.CountEligible(_shelf, enterprise, collateralAvailable: false);
        }

        return pairs;
    }

    [Benchmark]
    public long Indexed()
    {
        long pairs = 0;
        foreach (var enterprise in _enterprises)
        {
            pairs += _index.CountEligible(enterprise, collateralAvailable: false);
        }

        return pairs;
    }

    [Benchmark]
    public ShelfIndex Rebuild() => ShelfIndex.Build(_shelf);
}
