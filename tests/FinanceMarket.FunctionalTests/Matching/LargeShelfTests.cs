using System.Net;
using System.Text.Json.Nodes;
using FinanceMarket.TestInfrastructure;
using FinanceMarket.Matching.V1;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Data.Sqlite;

namespace FinanceMarket.FunctionalTests.Matching;

// A shelf of 5,000 products, each with the longest name and the most region codes a listing may have: a
// need's answer stays small (under 64 KB), what it stores stays within its bound, its matches read in
// pages add up to its count in the documented order, and any product is one request away.
public sealed class LargeShelfTests(Platform platform)
{
    private const int Products = 5_000;

    [Fact]
    public async Task A_need_against_thousands_of_products_answers_a_page_counts_and_misses_and_stores_a_bounded_record()
    {
        await using var isolated = await IsolatedMatching.StartAsync(platform, new Dictionary<string, string?>());
        var cancel = TestContext.Current.CancellationToken;

        // The first need loads the shelf from the catalog; the events delivered after it are newer than that read.
        await isolated.CallAsync(m => m.PostFinancingNeedAsync(isolated.Need(), isolated.EnterpriseToken, cancellationToken: cancel).ResponseAsync);
        var name = string.Concat(Enumerable.Repeat("长", 200));
        var regions = new JsonArray([.. Enumerable.Range(1, 49).Select(i => JsonValue.Create($"13{i:00}")), JsonValue.Create("13")]);
        for (var i = 0; i < Products; i++)
        {
            var listed = ShelfDelivery.Listed(Guid.CreateVersion7().ToString(), version: 1, isolated.BankId);
            listed["name"] = name;
            listed["rateSpreadBp"] = i % 7 * 10;
            listed["decisionSlaDays"] = 1 + (i % 5);
            listed["subsidyEligible"] = i % 2 == 0;
            listed["eligibility"]!["regionCodes"] = regions.DeepClone();
            listed["eligibility"]!["minTaxCreditRating"] = i % 10 == 0 ? "A" : null; // a tenth fail the rating (the enterprise is B)
            listed["eligibility"]!["collateralRequired"] = i % 10 == 1; // and a tenth want collateral
            listed["eligibility"]!["minYearsInOperation"] = i % 10 == 2 ? 50 : 0; // and a tenth 50 years
            if (i % 10 == 3)
            {
                listed["eligibility"]!["sizeClasses"] = new JsonArray("MICRO");
                listed["eligibility"]!["minTaxCreditRating"] = "A";
            }

            var (status, body) = await ShelfDelivery.DeliverAsync(platform, isolated.Matching.Address, listed);
            Assert.True(status == HttpStatusCode.OK, body);
        }

        var need = await isolated.CallAsync(m => m.PostFinancingNeedAsync(isolated.Need(), isolated.EnterpriseToken, cancellationToken: cancel).ResponseAsync);

        Assert.True(need.CalculateSize() < 64 * 1024, $"{need.CalculateSize()} bytes");
        Assert.Equal(Products * 6 / 10 + 1, need.MatchCount); // the isolated catalog's own product matches too
        Assert.Equal(Products * 4 / 10, need.ExcludedCount);
        Assert.Equal(
            [(ReasonCode.SizeClass, 500), (ReasonCode.YearsInOperation, 500), (ReasonCode.TaxRating, 1_000), (ReasonCode.Collateral, 500)],
            need.ExcludedByReason.Select(c => (c.Code, c.Count)));
        Assert.Equal(20, need.Matches.Count);
        Assert.InRange(need.NearestMisses.Count, 5, 20); // as many as the need's bound keeps beside its best matches (about 10 with such names)
        Assert.All(need.NearestMisses, m => Assert.Single(m.Details));
        Assert.DoesNotContain(need.NearestMisses, m => m.Details[0].Code == ReasonCode.SizeClass); // those fail two rules

        // Every match, page by page: the stored pages, then those ranked against the shelf, best first, none twice.
        var read = new List<Match>(need.Matches);
        var token = need.NextPageToken;
        while (token.Length > 0)
        {
            var page = await isolated.CallAsync(m => m.GetFinancingNeedAsync(
                new GetFinancingNeedRequest { NeedId = need.NeedId, PageSize = 100, PageToken = token }, isolated.EnterpriseToken, cancellationToken: cancel).ResponseAsync);
            Assert.Equal(need.MatchCount, page.MatchCount);
            read.AddRange(page.Matches);
            token = page.NextPageToken;
        }

        Assert.Equal(need.MatchCount, read.Count);
        Assert.Equal(read.Count, read.Select(m => m.ProductId).Distinct().Count());
        Assert.Equal(
            read.OrderByDescending(m => m.Score).ThenBy(m => m.EstimatedRateBp).ThenBy(m => m.ProductId, StringComparer.Ordinal).Select(m => m.ProductId),
            read.Select(m => m.ProductId));

        // What the need keeps is bounded whatever the shelf: the longest names fill it before a hundred matches.
        using (var db = new SqliteConnection($"Data Source={Path.Combine(isolated.DataDir, "matching.db")};Mode=ReadOnly"))
        {
            await db.OpenAsync(cancel);
            using var command = db.CreateCommand();
            command.CommandText = "SELECT length(CAST(doc AS BLOB)) FROM needs WHERE need_id = $id";
            command.Parameters.AddWithValue("$id", need.NeedId);
            var stored = (long)(await command.ExecuteScalarAsync(cancel))!;
            Assert.InRange(stored, 16 * 1024, 32 * 1024);
        }

        // Any product, matched or not, is one request away.
        var excluded = need.NearestMisses[0];
        var explained = await isolated.CallAsync(m => m.ExplainNeedProductAsync(
            new ExplainNeedProductRequest { NeedId = need.NeedId, ProductId = excluded.ProductId }, isolated.EnterpriseToken, cancellationToken: cancel).ResponseAsync);
        Assert.False(explained.Matched);
        Assert.True(explained.OnShelf);
        Assert.Equal(excluded.Reasons, explained.Reasons);
        var last = read[^1];
        explained = await isolated.CallAsync(m => m.ExplainNeedProductAsync(
            new ExplainNeedProductRequest { NeedId = need.NeedId, ProductId = last.ProductId }, isolated.EnterpriseToken, cancellationToken: cancel).ResponseAsync);
        Assert.True(explained.Matched);
        Assert.Equal((last.Score, last.EstimatedRateBp), (explained.Score, explained.EstimatedRateBp));

        // A page token that was not issued here is refused by name.
        var tampered = await Assert.ThrowsAsync<RpcException>(() => isolated.CallAsync(m => m.GetFinancingNeedAsync(
            new GetFinancingNeedRequest { NeedId = need.NeedId, PageToken = "a2dhcmJhZ2U" }, isolated.EnterpriseToken, cancellationToken: cancel).ResponseAsync));
        Assert.Equal(StatusCode.InvalidArgument, tampered.StatusCode);
        Assert.Contains("pageToken", tampered.Status.Detail, StringComparison.Ordinal);
    }
}
