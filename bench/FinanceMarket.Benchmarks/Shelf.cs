using FinanceMarket.Domain;
using FinanceMarket.Matching.Engine;

namespace FinanceMarket.Benchmarks;

// A seeded province-like shelf and population: about a third of the products restrict size classes,
// industries or regions, some require years, ratings or collateral.
internal static class Shelf
{
    private static readonly string[] Industries = ["C", "C36", "C34", "C13", "E", "F51", "F52", "I65", "H62", "A01", "G54", "K702", "M73"];
    private static readonly string[] Prefectures = ["1301", "1302", "1303", "1304", "1305", "1306", "1307", "1308", "1309", "1310", "1311"];

    public static readonly LoanPrimeRate Lpr = new(300, 350);

    // The need every benchmark asks: a small C36 manufacturer in 130903, rating B, 4 years in operation,
    // 3,000,000 yuan over 24 months, no collateral.
    public static readonly EnterpriseProfile Asker = new(Name: "e", SizeClass: SizeClass.Small, IndustryCode: "C36", RegionCode: "130903", YearsInOperation: 4, TaxCreditRating: TaxCreditRating.B);

    public static readonly FinancingRequest Need = new(300_000_000, 24, CollateralAvailable: false);

    public static List<ShelfProduct> Products(int count, int seed = 42)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(i =>
        {
            var min = (long)random.Next(1, 200) * 10_000_00;
            return new ShelfProduct(
                $"p{i:0000000}", $"bank-{random.Next(200)}", (ProductKind)random.Next(1, 8),
                min, min + ((long)random.Next(1, 2000) * 10_000_00), random.Next(1, 12), random.Next(12, 120),
                random.Next(-100, 300),
                new ShelfEligibility(
                    random.Next(3) == 0 ? [(SizeClass)random.Next(3, 5)] : [],
                    random.Next(3) == 0 ? [Industries[random.Next(Industries.Length)]] : [],
                    random.Next(2) == 0 ? [Prefectures[random.Next(Prefectures.Length)]] : ["13"],
                    random.Next(4) == 0 ? random.Next(1, 6) : 0,
                    random.Next(3) == 0 ? (TaxCreditRating)random.Next(1, 4) : null,
                    random.Next(5) == 0),
                random.Next(2) == 0, random.Next(1, 11));
        }).ToList();
    }

    public static List<EnterpriseProfile> Enterprises(int count, int seed = 7)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(i => new EnterpriseProfile(
            Name: $"e{i}", SizeClass: (SizeClass)random.Next(1, 5), IndustryCode: Industries[random.Next(Industries.Length)],
            RegionCode: Prefectures[random.Next(Prefectures.Length)] + random.Next(1, 30).ToString("00", System.Globalization.CultureInfo.InvariantCulture),
            YearsInOperation: random.Next(0, 10), TaxCreditRating: (TaxCreditRating)random.Next(1, 6))).ToList();
    }
}
