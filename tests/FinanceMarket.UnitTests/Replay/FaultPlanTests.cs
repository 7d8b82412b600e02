using FinanceMarket.Replay.Faults;

namespace FinanceMarket.UnitTests.Replay;

// A failing fault run is worth something only if its seed gives the same schedule again, anywhere.
public sealed class FaultPlanTests
{
    private static readonly string[] Services = ["catalog", "credit", "enterprises", "loans", "matching", "notifications", "subsidies", "totals"];

    private static readonly string[] Publishers = ["catalog", "credit", "enterprises", "loans", "matching", "subsidies"];

    [Fact]
    public void The_same_seed_draws_the_same_schedule_and_another_seed_another()
    {
        var first = FaultPlan.Draw(7, 50, Services, Publishers);
        var again = FaultPlan.Draw(7, 50, Services, Publishers);
        var other = FaultPlan.Draw(8, 50, Services, Publishers);

        Assert.Equal(first, again);
        Assert.NotEqual(first.Select(f => f.ToString()), other.Select(f => f.ToString()));
        Assert.Equal(Enumerable.Range(1, 50), first.Select(f => f.Number));
        Assert.True(first.Zip(first.Skip(1)).All(p => p.First.At <= p.Second.At), "the faults are not in the order they happen");
    }

    [Fact]
    public void A_short_schedule_holds_every_kind_and_no_fault_lands_where_it_would_test_nothing()
    {
        var schedule = FaultPlan.Draw(3, 20, Services, Publishers);
        var many = FaultPlan.Draw(11, 200, Services, Publishers);

        Assert.Equal(Enum.GetValues<FaultKind>().Order(), schedule.Select(f => f.Kind).Distinct().Order());
        Assert.All(schedule, f => Assert.InRange(f.At, 0.03, 0.93));
        // Totals keep their figures in Redis in the fault replay: a full disk there would test nothing.
        Assert.DoesNotContain(many, f => f.Kind == FaultKind.DiskFull && f.Target == "totals");
        // Events are delivered again from a publisher's outbox: one that publishes nothing would deliver nothing.
        Assert.All(many.Where(f => f.Kind is FaultKind.DuplicateDelivery or FaultKind.OutOfOrderDelivery), f => Assert.Contains(f.Target, Publishers));
        Assert.Contains(many, f => f.Kind == FaultKind.ClockStep);
        Assert.All(schedule.Where(f => f.Kind is FaultKind.KillService or FaultKind.SubscriberFailing), f => Assert.Contains(f.Target, Services));
    }
}
