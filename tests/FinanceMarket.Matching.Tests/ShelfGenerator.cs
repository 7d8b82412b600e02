using FinanceMarket.Matching.Engine;

namespace FinanceMarket.UnitTests.Matching;

// Seeded shelves and enterprises with the variety of a real one, for comparing the index with the scan.
public static class ShelfGenerator
{
    private static readonly string[] Industries = ["C", "C36", "C34", "E", "F51", "F52", "I65", "H62", "A01", "M73"];
    private static readonly string[] Regions = ["13", "1309", "130903", "130902", "1311", "131102", "11", "110101"];

    // Coarse: a few spreads, deadlines and amounts, so that scores tie often and every value is a level of
    // the index; otherwise hundreds of distinct amounts, most of them between its levels.
    public static List<ShelfProduct> Products(int count, int seed, bool coarse = false, string prefix = "p")
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(i =>
        {
            var min = coarse ? (long)random.Next(1, 4) * 100_000_00 : (long)random.Next(1, 500) * 10_000_00;
            return new ShelfProduct(
                $"{prefix}{i:000000}",
                $"bank-{random.Next(20)}",
                (ProductKind)random.Next(1, 8),
                min,
                min + (coarse ? (long)random.Next(0, 3) * 1_000_000_00 : (long)random.Next(0, 2000) * 10_000_00),
                random.Next(1, 12),
                random.Next(12, 120),
                coarse ? random.Next(0, 3) * 10 : random.Next(-100, 300),
                new ShelfEligibility(
                    Pick(random, Enum.GetValues<SizeClass>(), 0.5),
                    Pick(random, Industries, 0.4),
                    Pick(random, Regions, 0.5),
                    random.Next(0, 4) == 0 ? random.Next(1, 6) : 0,
                    random.Next(0, 3) == 0 ? (TaxCreditRating)random.Next(1, 6) : null,
                    random.Next(0, 4) == 0,
                    random.Next(0, 2) == 0),
                random.Next(0, 2) == 0,
                coarse ? random.Next(1, 3) : random.Next(1, 11),
                PreCredit: random.Next(0, 3) == 0 ? new PreCreditFormula(random.Next(0, 8), random.Next(0, 4) * 1000 + 1) : null);
        }).ToList();
    }

    public static List<(EnterpriseProfile Enterprise, FinancingRequest Need)> Askers(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(i => (
            new EnterpriseProfile(
                Name: $"e{i}",
                SizeClass: (SizeClass)random.Next(1, 5),
                IndustryCode: Industries[random.Next(Industries.Length)],
                RegionCode: Regions.Where(r => r.Length == 6).ElementAt(random.Next(3)),
                YearsInOperation: random.Next(0, 8),
                TaxCreditRating: (TaxCreditRating)random.Next(1, 6),
                EnforcementRecordsInForce: random.Next(0, 4) == 0 ? 1 : 0),
            new FinancingRequest((long)random.Next(1, 3000) * 10_000_00, random.Next(1, 130), random.Next(0, 2) == 0))).ToList();
    }

    private static List<T> Pick<T>(Random random, IReadOnlyList<T> from, double chanceOfRestriction) =>
        random.NextDouble() < chanceOfRestriction
            ? from.OrderBy(_ => random.Next()).Take(random.Next(1, Math.Min(4, from.Count) + 1)).ToList()
            : [];
}
