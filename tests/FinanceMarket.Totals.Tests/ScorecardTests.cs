using FinanceMarket.IntegrationEvents;
using FinanceMarket.Totals.Model;

namespace FinanceMarket.UnitTests.Totals;

// A scorecard from its rows: sums per bank, exact medians over any days, the approval rate in basis points.
public sealed class ScorecardTests
{
    private static readonly ApplicationRef About = new("app-1", "product-1", "ccb", "91130903MA0AAAAAAA", "130903", "C34");

    [Fact]
    public void Each_bank_sums_its_days_and_its_medians_are_exact_lower_middles()
    {
        var rows = new[]
        {
            Counters(("ccb|needsTaken", 2), ("ccb|take:60", 1), ("ccb|take:300", 1), ("ccb|approved", 1), ("ccb|decide:900", 1), ("icbc|applications", 1)),
            Counters(("ccb|needsTaken", 1), ("ccb|take:120", 1), ("ccb|rejected", 2), ("ccb|rejected:COLLATERAL", 2), ("ccb|decide:100", 2), ("|overdueSteps", 3)),
        };
        var cards = Scorecard.Of(rows);
        Assert.Equal(["ccb", "icbc"], cards.Select(c => c.BankId));
        var ccb = cards[0];
        Assert.Equal((3L, 1L, 2L), (ccb.NeedsTaken, ccb.Approved, ccb.Rejected));
        Assert.Equal(120, ccb.MedianMinutesToTake); // 60, 120, 300
        Assert.Equal(100, ccb.MedianMinutesToDecide); // 100, 100, 900
        Assert.Null(ccb.MedianMinutesToContact);
        Assert.Equal(3_333, ccb.ApprovalRateBp);
        Assert.Equal(new Dictionary<string, long> { ["COLLATERAL"] = 2 }, ccb.RejectedByCode);
        Assert.Null(cards[1].ApprovalRateBp);
        Assert.Equal(3, Scorecard.Untaken(rows));

        // Two values: the lower one.
        Assert.Equal(60, Scorecard.Of([Counters(("ccb|contact:60", 1), ("ccb|contact:61", 1))])[0].MedianMinutesToContact);
    }

    [Fact]
    public void An_event_counts_in_every_level_of_its_region_on_its_day_and_the_unknown_is_refused()
    {
        var change = Scorecards.Taken(new NeedTakenIntegrationEvent("need-1", 2, "2026-11-02", 95, true) { About = About });
        Assert.Equal(["S|13|2026-11-02", "S|1309|2026-11-02", "S|130903|2026-11-02"], change.Scopes);
        Assert.Equal(new Dictionary<string, long> { ["ccb|needsTaken"] = 1, ["ccb|referralsReceived"] = 1, ["ccb|take:95"] = 1 }, change.Counters);

        var submitted = new ApplicationSubmittedIntegrationEvent("need-1", "CREDIT", 1, "2026-11-02", "2026-11-05") { About = About };
        Assert.NotEqual(submitted.Id, Scorecards.Submitted(submitted).EventId);
        Assert.Equal(Scorecards.Submitted(submitted).EventId, Scorecards.Submitted(submitted).EventId);

        // Approvals from before the market loop count on their contract day, without a time.
        var legacy = new ApplicationApprovedIntegrationEvent("SMALL", "CREDIT", 1, 345, 12, "2026-10-30", true) { About = About };
        Assert.Equal(["S|13|2026-10-30", "S|1309|2026-10-30", "S|130903|2026-10-30"], Scorecards.Approved(legacy).Scopes);
        Assert.Equal(new Dictionary<string, long> { ["ccb|approved"] = 1 }, Scorecards.Approved(legacy).Counters);
        Assert.Equal("scorecard:app-1", Scorecards.Approved(legacy).Outcome);

        Assert.Throws<ArgumentException>(() => Scorecards.Overdue(new ServiceStepOverdueIntegrationEvent("s", "LUNCH", "n", null, null, "u", "130903", "C34", "2026-11-02", "2026-11-03")));
        Assert.Throws<ArgumentException>(() => Scorecards.Contacted(new ApplicationContactedIntegrationEvent("PHONE", "yesterday", "", 5) { About = About }));
        Assert.Throws<ArgumentException>(() => Scorecards.Taken(new NeedTakenIntegrationEvent("need-1", 1, "2026-11-02", -5, false) { About = About }));
    }

    private static Dictionary<string, long> Counters(params (string Name, long Value)[] counters) =>
        counters.ToDictionary(c => c.Name, c => c.Value, StringComparer.Ordinal);
}
