using System.Text.Json;
using FinanceMarket.Matching.Engine;
using FinanceMarket.Matching.Model;
using FinanceMarket.ServiceDefaults.Storage;

namespace FinanceMarket.UnitTests.Matching;

// What a need stores is bounded whatever the shelf: 20,000 products, each with the longest name and the
// most region codes a listing may have, still store under 32 KB; a shelf of ordinary names keeps more
// than a first page of its best matches and its twenty nearest misses whole.
public sealed class NeedBoundTests
{
    private static readonly LoanPrimeRate Lpr = new(300, 350);
    private static readonly EnterpriseProfile Asker = new(Name: "91130903MA0A123458", SizeClass: SizeClass.Small, IndustryCode: "C34", RegionCode: "130903", YearsInOperation: 4, TaxCreditRating: TaxCreditRating.B);
    private static readonly FinancingRequest Asked = new(50_000_000, 12, false);

    [Fact]
    public void Twenty_thousand_products_with_the_longest_names_store_under_the_bound()
    {
        var longest = string.Concat(Enumerable.Repeat("长", 200));
        var regions = Enumerable.Range(10, 49).Select(i => $"13{i}").Append("1309").ToList();
        var shelf = ShelfGenerator.Products(20_000, seed: 1).Select(p => p with
        {
            Name = longest,
            BankId = new string('b', 40),
            Eligibility = p.Eligibility with { RegionCodes = regions, IndustryCodes = [.. Enumerable.Range(0, 50).Select(i => $"C{i:00}")] },
        }).ToList();

        var need = Stored(shelf, longest: true);

        Assert.True(Size(need) <= Need.MaxStoredBytes, $"{Size(need)} bytes");
        Assert.True(need.MatchCount > 1_000, $"{need.MatchCount} matches");
        Assert.InRange(need.Matches.Count, 5, 99);
        Assert.InRange(need.NearestMisses!.Count, 5, 20);
        // What was kept is the best: a prefix of the ranking, never a gap.
        var ranked = ShelfIndex.Build(shelf).Match(Asker, Asked, Lpr, new MatchQuery(MatchQuery.MaxTop));
        Assert.Equal(ranked.Matches.Take(need.Matches.Count).Select(m => m.Product.ProductId), need.Matches.Select(m => m.ProductId));
    }

    [Fact]
    public void Ordinary_names_keep_more_than_a_page_of_the_best_and_the_twenty_nearest_misses()
    {
        var need = Stored(ShelfGenerator.Products(20_000, seed: 2), longest: false);

        Assert.True(Size(need) <= Need.MaxStoredBytes, $"{Size(need)} bytes");
        Assert.InRange(need.Matches.Count, 2 * MatchQuery.DefaultTop, MatchQuery.MaxTop);
        Assert.Equal(MatchQuery.MaxNearestMisses, need.NearestMisses!.Count);
    }

    [Fact]
    public void A_need_stored_before_the_bound_reads_back_with_counts_and_misses_from_its_full_list()
    {
        // As the previous version stored it: every match and every exclusion, no counts.
        const string stored = """
            {"needId":"0193a0c0-0000-7000-8000-000000000001","uscc":"91130903MA0A123458",
             "enterprise":{"name":"Works","regionCode":"130903","industryCode":"C34","sizeClass":"SMALL","taxCreditRating":"B","yearsInOperation":4},
             "amountFen":50000000,"termMonths":12,"purpose":"","collateralAvailable":false,
             "matches":[{"productId":"a","bankId":"b","productName":"Loan","score":80,"estimatedRateBp":345,"reasons":["estimated rate 3.45 %"],"parts":[]}],
             "excluded":[
               {"productId":"x","bankId":"b","productName":"Prime","reasons":["requires tax rating A; yours is B"],"details":[{"code":"TaxRating","taxRating":{"required":"A","actual":"B"}}]},
               {"productId":"y","bankId":"b","productName":"Micro","reasons":["for MICRO enterprises; yours is SMALL","requires collateral; your need offers none"],
                "details":[{"code":"SizeClass","sizeClass":{"required":["MICRO"],"actual":"SMALL"}},{"code":"Collateral"}]}],
             "lpr":{"oneYearBp":300,"fiveYearBp":350},"shelfStale":false,"shelfAsOf":null,"createdAt":"2026-11-30T02:00:00+00:00"}
            """;

        var need = StoreJson.Deserialize<Need>(stored);

        Assert.Equal(1, need.Matched);
        Assert.Equal(2, need.Unmatched);
        Assert.Equal([new(ReasonCode.SizeClass, 1), new(ReasonCode.TaxRating, 1), new(ReasonCode.Collateral, 1)], need.UnmatchedByReason);
        Assert.Equal(["x"], need.Misses.Select(m => m.ProductId));
        Assert.Equal(["estimated rate 3.45 %"], need.Matches[0].English);
        Assert.DoesNotContain("\"excluded\"", JsonSerializer.Serialize(need with { Excluded = null }, StoreJson.Options), StringComparison.Ordinal);
    }

    private static Need Stored(List<ShelfProduct> shelf, bool longest)
    {
        var summary = ShelfIndex.Build(shelf).Match(Asker, Asked, Lpr, new MatchQuery(MatchQuery.MaxTop));
        var now = DateTimeOffset.UnixEpoch;
        return Need.Fit(
            new Need(
                Guid.NewGuid().ToString(), "91130903MA0A123458", new EnterpriseProfile(longest ? new string('名', 200) : "运河区阀门厂", "130903", "C34", SizeClass.Small, TaxCreditRating.B, 4),
                Asked.AmountFen, Asked.TermMonths, longest ? new string('途', 500) : "采购原材料", false,
                [.. summary.Matches.Select(m => StoredMatch.From(m, Asked, Lpr, Asker))], [.. summary.NearestMisses.Select(StoredExclusion.From)], Lpr, false, now, now)
            {
                MatchCount = summary.MatchCount,
                ExcludedCount = summary.ExcludedCount,
                ExcludedByReason = summary.ExcludedByReason,
            },
            Size);
    }

    private static int Size(object document) => JsonSerializer.SerializeToUtf8Bytes(document, document.GetType(), StoreJson.Options).Length;
}
