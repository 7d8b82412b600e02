using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using FinanceMarket.Domain;
using FinanceMarket.Enterprises.Infrastructure;
using FinanceMarket.Enterprises.Model;
using FinanceMarket.ServiceDefaults.Events;
using FinanceMarket.ServiceDefaults.Storage;
using Microsoft.Data.Sqlite;

namespace FinanceMarket.Benchmarks;

// A bank's question "how many enterprises does my product reach?" against a province's registry of
// 1,000,000 enterprises in the registry's own SQLite store (the store's query, on a file written as the
// registry writes it). One operation is one product's count, grouped by region, section and size.
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 10)]
public class ReachOfOneProduct : FolderBenchmark
{
    private static readonly string[] Columns = ["$uscc", "$region", "$industry", "$size", "$rating", "$established"];
    private static readonly string[] Sections = ["A", "C", "C", "C", "E", "F", "F", "G", "H", "I", "K", "M"];
    private SqliteEnterpriseStore _store = null!;
    private OutboxSignal _signal = null!;

    [Params(1_000_000)]
    public int Enterprises { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        CreateFolder("reach-bench");
        var database = new SqliteDatabase(Path.Combine(Folder, "enterprises.db"), SqliteEnterpriseStore.Schema);
        var random = new Random(11);
        using (var connection = database.Open())
        using (var transaction = connection.BeginTransaction())
        {
            // Straight into both tables: a million registrations through the API would measure the API.
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO enterprises (uscc, region_code, doc) VALUES ($uscc, $region, '{}');
                INSERT INTO enterprise_profiles (uscc, region_code, industry_section, size_class, tax_rating, established_on, industry_code)
                VALUES ($uscc, $region, substr($industry, 1, 1), $size, $rating, $established, $industry);
                """;
            var parameters = Columns.Select(n => insert.Parameters.Add(n, SqliteType.Text)).ToArray();
            for (var i = 0; i < Enterprises; i++)
            {
                parameters[0].Value = $"E{i:0000000000000000}X";
                parameters[1].Value = $"13{random.Next(1, 12):00}{random.Next(1, 30):00}";
                parameters[2].Value = Sections[random.Next(Sections.Length)] + random.Next(10, 99).ToString(System.Globalization.CultureInfo.InvariantCulture);
                parameters[3].Value = ((SizeClass)random.Next(1, 5)).ToString();
                parameters[4].Value = ((TaxCreditRating)random.Next(1, 6)).ToString();
                parameters[5].Value = new DateOnly(1990, 1, 1).AddDays(random.Next(0, 12_000)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        _signal = new OutboxSignal();
        _store = new SqliteEnterpriseStore(database, _signal);
    }

    // A province-wide manufacturing loan for small and micro firms rated B or better, two years or more.
    [Benchmark]
    public async Task<int> ProvinceWideProduct() => (await _store.CountAsync(
        new EnterpriseCriteria([SizeClass.Small, SizeClass.Micro], ["C"], ["13"], new DateOnly(2024, 12, 4), [TaxCreditRating.A, TaxCreditRating.B]),
        CancellationToken.None)).Count;

    // No rule at all: every enterprise counted.
    [Benchmark]
    public async Task<int> Everyone() => (await _store.CountAsync(new EnterpriseCriteria([], [], [], null, []), CancellationToken.None)).Count;

    [GlobalCleanup]
    public void Cleanup() => DeleteFolder();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _signal?.Dispose();
        }
    }
}
