using FinanceMarket.Domain;
using FinanceMarket.Matching.Engine;
using FinanceMarket.Matching.Extensions;
using FinanceMarket.Matching.Model;
using FinanceMarket.Matching.Shelf;
using Microsoft.Extensions.Options;

namespace FinanceMarket.UnitTests.Matching;

public sealed class ApplicationRulesTests
{
    private static readonly DateTimeOffset SubmittedAt = new(2026, 11, 2, 1, 0, 0, TimeSpan.Zero); // 09:00 in Beijing
    private static readonly LoanPrimeRate Lpr = new(300, 350);

    private static readonly Application Submitted = Transitions.Submit(
        "app-1",
        new Need("need-1", "91130903MA0TESTXXX", new EnterpriseProfile("Works", "130903", "C34", SizeClass.Small, TaxCreditRating.B, 5),
            50_000_000, 12, "", false, [], [], Lpr, false, null, SubmittedAt),
        new OfferedProduct("p-1", "bank-a", "Credit loan", ProductKind.Credit, 10_000_000, 300_000_000, 6, 36, 45, true, 3),
        SubmittedAt, WorkingCalendar.China, ServicePromise.Default).Application;

    [Theory]
    [InlineData(10_000_000L, 1, 6, "2026-11-02")] // every lower bound
    [InlineData(300_000_000L, 1200, 36, "2026-12-02")] // every upper bound: 4 × the 1-year LPR, today + 30 days
    public void An_approval_on_the_edges_of_the_product_is_a_deal(long amount, int rate, int term, string contract)
    {
        var deal = ApplicationRules.ValidateApproval(Submitted, amount, rate, term, contract, Lpr, new DateOnly(2026, 11, 2));
        Assert.Equal(new Deal(amount, rate, term, DateOnly.Parse(contract, System.Globalization.CultureInfo.InvariantCulture)), deal);
    }

    [Theory]
    [InlineData(9_999_999L, 345, 12, "2026-11-02", "grantedAmountFen")]
    [InlineData(300_000_001L, 345, 12, "2026-11-02", "grantedAmountFen")]
    [InlineData(50_000_000L, 1201, 12, "2026-11-02", "annualRateBp")]
    [InlineData(50_000_000L, 0, 12, "2026-11-02", "annualRateBp")]
    [InlineData(50_000_000L, 345, 5, "2026-11-02", "termMonths")]
    [InlineData(50_000_000L, 345, 37, "2026-11-02", "termMonths")]
    [InlineData(50_000_000L, 345, 12, "2026-11-01", "contractDate")] // the day before the application
    [InlineData(50_000_000L, 345, 12, "2026-12-03", "contractDate")]
    public void An_approval_outside_the_product_or_the_rate_ceiling_names_its_field(long amount, int rate, int term, string contract, string field)
    {
        var refused = Assert.Throws<RuleViolationException>(() => ApplicationRules.ValidateApproval(Submitted, amount, rate, term, contract, Lpr, new DateOnly(2026, 11, 2)));
        Assert.Equal(field, refused.Problems[0].Field);
        Assert.StartsWith($"Invalid request: {field} ", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_transition_leaves_submitted_once_and_bumps_the_version()
    {
        var (approved, _) = Transitions.Approve(Submitted, new Deal(50_000_000, 345, 12, new DateOnly(2026, 11, 3)), "bank-a", SubmittedAt, WorkingCalendar.China);
        var (rejected, _) = Transitions.Reject(Submitted, RejectionCode.Other, "reason", "bank-a", SubmittedAt, WorkingCalendar.China);
        var (expired, _) = Transitions.Expire(Submitted, SubmittedAt);
        foreach (var decided in new[] { approved, rejected, expired })
        {
            Assert.Equal(2, decided.Version);
            Assert.Throws<ConflictException>(() => ApplicationRules.RequireUndecided(decided));
            Assert.False(ApplicationRules.IsOverdue(decided, new DateOnly(2027, 1, 1)));
        }

        ApplicationRules.RequireUndecided(Submitted);
        Assert.False(ApplicationRules.IsOverdue(Submitted, new DateOnly(2026, 11, 5)));
        Assert.True(ApplicationRules.IsOverdue(Submitted, new DateOnly(2026, 11, 6)));
    }

    [Theory]
    [InlineData(345, "3.45 %")]
    [InlineData(300, "3.00 %")]
    [InlineData(5, "0.05 %")]
    [InlineData(-150, "-1.50 %")]
    public void Rates_read_as_percentages(int bp, string text) => Assert.Equal(text, MatchReasons.Percent(bp));

    [Fact]
    public void The_shelf_view_only_moves_forward_in_each_products_versions()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var view = new ShelfView(Options.Create(new MatchingOptions { ShelfResyncEvery = TimeSpan.FromMinutes(5) }), time);
        Assert.True(view.IsDue);
        Assert.False(view.IsLoaded);

        var a = Product("a");
        var b = Product("b");
        var mark = view.Mark();
        Assert.True(view.Apply(b, 1)); // listed while the full read was under way
        view.Replace([(a, 1)], mark);
        Assert.Equal(["a", "b"], view.Snapshot().Index.Products.Select(p => p.ProductId).Order());
        Assert.False(view.IsDue);

        Assert.True(view.Remove("a", 2));
        Assert.False(view.Apply(a, 1)); // a late listing cannot undo the delisting
        mark = view.Mark();
        view.Replace([(a, 1), (b, 1)], mark); // a full read that began before the delisting
        Assert.Equal(["b"], view.Snapshot().Index.Products.Select(p => p.ProductId).Order());

        view.Replace([], view.Mark()); // b was delisted and its event lost: the full read removes it
        Assert.Empty(view.Snapshot().Index.Products);
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.True(view.IsDue);
    }

    [Fact]
    public async Task Listings_past_the_rebuild_threshold_and_a_full_read_meanwhile_leave_the_index_holding_exactly_the_shelf()
    {
        var view = new ShelfView(Options.Create(new MatchingOptions()), TimeProvider.System);
        var listed = Enumerable.Range(0, 3 * ShelfView.RebuildAfter).Select(i => Product($"p{i:0000}")).ToList();
        var mark = view.Mark();
        foreach (var product in listed)
        {
            view.Apply(product, 1); // each crossing of the threshold starts a rebuild in the background
        }

        view.Remove(listed[0].ProductId, 2);
        view.Replace([.. listed.Skip(1).Select(p => (p, 1L))], mark); // a full read while rebuilds may still run
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (view.Snapshot().Index.Pending >= ShelfView.RebuildAfter && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        var index = view.Snapshot().Index;
        Assert.Equal(listed.Skip(1).Select(p => p.ProductId), index.Products.Select(p => p.ProductId).Order());
        Assert.True(index.Pending < ShelfView.RebuildAfter, $"{index.Pending} changes pending");
        Assert.True(view.IsLoaded);
    }

    private static ShelfProduct Product(string id) =>
        new(id, "bank-a", ProductKind.Credit, 1, 100, 1, 12, 0, ShelfEligibility.Anyone, false, 3, "Loan " + id);
}
