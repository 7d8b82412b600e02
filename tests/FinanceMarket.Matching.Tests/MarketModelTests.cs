using FinanceMarket.Domain;
using FinanceMarket.IntegrationEvents;
using FinanceMarket.Matching.Engine;
using FinanceMarket.Matching.Model;

namespace FinanceMarket.UnitTests.Matching;

// The market loop's rules without a store: whom a broadcast reaches, who may take it, how the steps of the
// promise move and when they are raised.
public sealed class MarketModelTests
{
    // Monday 2 November 2026, 10:00 in Beijing.
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 11, 2);
    private static readonly LoanPrimeRate Lpr = new(300, 350);
    private static int _ids;

    private static readonly Need Need = new(
        "need-1", "91130903MA0TESTXXX", new EnterpriseProfile("Yunhe Pump Works", "130903", "C34", SizeClass.Small, TaxCreditRating.B, 7),
        50_000_000, 12, "Equipment", false, [], [], Lpr, false, null, Now);

    [Fact]
    public void The_banks_a_broadcast_reaches_are_those_with_a_fitting_product_each_with_its_best_ones()
    {
        var shelf = ShelfGenerator.Products(3_000, seed: 7);
        foreach (var (enterprise, need) in ShelfGenerator.Askers(40, seed: 11))
        {
            var index = ShelfIndex.Build(shelf.Take(2_000)).With(shelf[2_500]).Without(shelf[3].ProductId);
            var listed = index.Products.ToList();
            var expected = listed
                .Where(p => EligibilityRules.FailMask(p, enterprise, need) == 0)
                .GroupBy(p => p.BankId)
                .ToDictionary(g => g.Key, g => g.Order(Comparer<ShelfProduct>.Create(Scoring.ShelfOrder)).Take(4).Select(p => p.ProductId).ToList());
            var fitting = index.FittingByBank(enterprise, need, perBank: 4);
            Assert.Equal(expected.Keys.Order(), fitting.Keys.Order());
            foreach (var (bank, products) in fitting)
            {
                Assert.Equal(expected[bank], products.Select(p => p.ProductId));
            }
        }
    }

    [Fact]
    public void A_round_reaches_neither_the_banks_that_declined_nor_those_that_took_it_and_ends_the_last_take_step()
    {
        var fitting = Fitting("bank-a", "bank-b", "bank-c", "bank-d");
        var (first, write) = Broadcasting.Round(Need, null, [], fitting, 3, Lpr, WorkingCalendar.China, ServicePromise.Default, Now, NewId);
        Assert.Equal(["bank-a", "bank-b", "bank-c", "bank-d"], first.BankIds);
        Assert.Equal((1, new DateOnly(2026, 11, 3), new DateOnly(2026, 11, 16)), (first.Round, first.TakeBy, first.OpenUntil));
        Assert.Equal(4, write.Opportunities.Count);
        Assert.Equal(345, write.Opportunities[0].Products.Single().EstimatedRateBp);
        var take = Assert.Single(write.Steps).Document;
        Assert.Equal((StepKind.Take, StepStatus.Pending, new DateOnly(2026, 11, 3)), (take.Kind, take.Status, take.DueOn));
        Assert.IsType<NeedBroadcastIntegrationEvent>(Assert.Single(write.Events));

        var taken = first with { Takers = [new Taker("bank-b", "p-bank-b", "app-b", Now, 1)] };
        var (referral, again) = Broadcasting.Round(
            Need, taken, [take], fitting, 2, Lpr, WorkingCalendar.China, ServicePromise.Default, Now.AddDays(3), NewId, declinedBy: "bank-a", referredFrom: "app-a");
        Assert.Equal(["bank-c", "bank-d"], referral.BankIds);
        Assert.Equal((2, 2, "app-a"), (referral.Round, referral.MaxTakers, referral.ReferredFromApplicationId));
        Assert.Equal(["bank-a"], referral.DeclinedBy);
        // The first round's take step, still pending on the day of the referral but overdue: raised and missed.
        var ended = again.Steps.Single(s => s.Document.StepId == take.StepId);
        Assert.Equal((StepStatus.Missed, take.Version), (ended.Document.Status, ended.ExpectedVersion));
        Assert.Contains(again.Events, e => e is ServiceStepOverdueIntegrationEvent);

        Assert.Throws<PreconditionException>(() => Broadcasting.Round(
            Need, referral with { DeclinedBy = ["bank-a", "bank-c", "bank-d"] }, [], fitting, 3, Lpr, WorkingCalendar.China, ServicePromise.Default, Now, NewId, "bank-a", "app-x"));
        Assert.Throws<PreconditionException>(() => Broadcasting.Round(Need, null, [], Fitting(), 3, Lpr, WorkingCalendar.China, ServicePromise.Default, Now, NewId));
    }

    [Fact]
    public void Max_takers_take_a_round_once_each_and_a_declined_taker_frees_its_place()
    {
        var (broadcast, _) = Broadcasting.Round(Need, null, [], Fitting("bank-a", "bank-b", "bank-c"), 2, Lpr, WorkingCalendar.China, ServicePromise.Default, Now, NewId);
        var take = Steps.Take(broadcast.TakeStepId, broadcast, Need);

        var (a, aEvents) = Transitions.Take("app-a", Need, broadcast, Product("bank-a"), Now.AddHours(1), WorkingCalendar.China, ServicePromise.Default);
        var first = Broadcasting.Take(broadcast, a, aEvents, Need, [take], NewId);
        Assert.Equal([new OpportunitySwitch(Need.NeedId, "bank-a", false)], first.Switches);
        Assert.Equal(StepStatus.Met, first.Steps[0].Document.Status);
        Assert.Equal([StepKind.Take, StepKind.Contact, StepKind.Decide], first.Steps.Select(s => s.Document.Kind));
        var taken = Assert.Single(first.Events.OfType<NeedTakenIntegrationEvent>());
        Assert.Equal(60, taken.WorkingMinutesToTake);
        Assert.Equal((ApplicationOrigin.Taken, 1, new DateOnly(2026, 11, 5)), (a.Origin, a.Round, a.ContactBy));

        var afterA = first.Broadcast!.Document;
        Assert.Throws<ConflictException>(() => Broadcasting.RequireTakeable(afterA, "bank-a", Today));
        Assert.Throws<PreconditionException>(() => Broadcasting.RequireTakeable(afterA, "bank-z", Today));
        var (b, bEvents) = Transitions.Take("app-b", Need, afterA, Product("bank-b"), Now.AddHours(2), WorkingCalendar.China, ServicePromise.Default);
        var second = Broadcasting.Take(afterA, b, bEvents, Need, [first.Steps[0].Document], NewId);
        Assert.Equal([new OpportunitySwitch(Need.NeedId, null, false)], second.Switches);
        var full = second.Broadcast!.Document;
        Assert.Equal(BroadcastStatus.Full, full.StatusOn(Today));
        Assert.Throws<ConflictException>(() => Broadcasting.RequireTakeable(full, "bank-c", Today));

        // The enterprise declines bank-a: its application is withdrawn, and bank-c sees the need again.
        var declined = Broadcasting.WithdrawApplication(a, "Bank B offered a lower rate", full, [], Now.AddHours(3));
        Assert.Equal(ApplicationStatus.Withdrawn, declined.Application!.Document.Status);
        Assert.Equal([new OpportunitySwitch(Need.NeedId, "bank-c", true)], declined.Switches);
        var reopened = declined.Broadcast!.Document;
        Assert.Equal(BroadcastStatus.Open, reopened.StatusOn(Today));
        Broadcasting.RequireTakeable(reopened, "bank-c", Today);
        Assert.Throws<ConflictException>(() => Broadcasting.RequireTakeable(reopened, "bank-a", Today));
        Assert.Throws<PreconditionException>(() => Broadcasting.RequireTakeable(reopened with { DeclinedBy = ["bank-c"] }, "bank-c", Today));
        Assert.Throws<ConflictException>(() => Broadcasting.WithdrawApplication(declined.Application.Document, "again", reopened, [], Now));

        // Past its window nobody takes it; withdrawn, nobody either.
        Assert.Throws<PreconditionException>(() => Broadcasting.RequireTakeable(reopened, "bank-c", new DateOnly(2026, 11, 17)));
        var withdrawn = Broadcasting.Withdraw(reopened, [], Now).Broadcast!.Document;
        Assert.Throws<PreconditionException>(() => Broadcasting.RequireTakeable(withdrawn, "bank-c", Today));
        Assert.Throws<ConflictException>(() => Broadcasting.Withdraw(withdrawn, [], Now));
    }

    [Fact]
    public void A_step_is_met_on_time_or_raised_once_and_then_met_late_or_missed()
    {
        var (broadcast, _) = Broadcasting.Round(Need, null, [], Fitting("bank-a"), 1, Lpr, WorkingCalendar.China, ServicePromise.Default, Now, NewId);
        var step = Steps.Take(broadcast.TakeStepId, broadcast, Need);
        var due = step.DueOn;

        Assert.Equal(StepStatus.Met, Steps.Done(step, due).Step.Status);
        Assert.Empty(Steps.Done(step, due).Events);

        var (late, lateEvents) = Steps.Done(step, due.AddDays(1));
        Assert.Equal((StepStatus.MetLate, due.AddDays(1), due.AddDays(1)), (late.Status, late.RaisedOn, late.DoneOn));
        Assert.Single(lateEvents);

        var (raised, raisedEvents) = Steps.Raise(step, due.AddDays(1));
        var overdue = Assert.IsType<ServiceStepOverdueIntegrationEvent>(Assert.Single(raisedEvents));
        Assert.Equal(("TAKE", "2026-11-03", "2026-11-04", (string?)null), (overdue.Step, overdue.DueOn, overdue.RaisedOn, overdue.BankId));
        Assert.Empty(Steps.Raise(raised, due.AddDays(2)).Events);
        var (metLate, again) = Steps.Done(raised, due.AddDays(5));
        Assert.Equal((StepStatus.MetLate, due.AddDays(1)), (metLate.Status, metLate.RaisedOn));
        Assert.Empty(again);
        Assert.Equal(3, Steps.DaysOver(metLate, due.AddDays(30), WorkingCalendar.China)); // 4, 5, 6 November

        Assert.Equal(StepStatus.Cancelled, Steps.End(step, due, bankFault: false).Step.Status);
        var (missed, missedEvents) = Steps.End(step, due, bankFault: true);
        Assert.Equal((StepStatus.Missed, due), (missed.Status, missed.RaisedOn));
        Assert.Single(missedEvents);
        Assert.Equal(StepStatus.Missed, Steps.End(raised, due.AddDays(1), bankFault: false).Step.Status);
        Assert.Same(metLate, Steps.End(metLate, due.AddDays(9), bankFault: true).Step);
    }

    [Fact]
    public void A_step_with_a_bank_is_reminded_once_while_pending_and_a_take_step_never()
    {
        var application = Transitions.Submit("app-a", Need, Product("bank-a"), Now, WorkingCalendar.China, ServicePromise.Default).Application;
        var contact = Steps.Of(application, Need, NewId).Single(s => s.Kind == StepKind.Contact);
        var eve = contact.DueOn.AddDays(-1);

        var (reminded, events) = Steps.Remind(contact, eve);
        Assert.Equal((eve, contact.Version + 1, StepStatus.Pending), (reminded.RemindedOn, reminded.Version, reminded.Status));
        var dueSoon = Assert.IsType<ServiceStepDueSoonIntegrationEvent>(Assert.Single(events));
        Assert.Equal(
            (contact.StepId, "CONTACT", "app-a", "bank-a", Dates.Day(contact.DueOn), Dates.Day(eve), "step:" + contact.StepId),
            (dueSoon.StepId, dueSoon.Step, dueSoon.ApplicationId, dueSoon.BankId, dueSoon.DueOn, dueSoon.RemindedOn, dueSoon.OrderingKey));
        Assert.Same(reminded, Steps.Remind(reminded, contact.DueOn).Step);
        Assert.Empty(Steps.Remind(reminded, contact.DueOn).Events);

        // Once raised or met, the reminder would come too late or for nothing.
        var overdue = Steps.Raise(contact, contact.DueOn.AddDays(1)).Step;
        var met = Steps.Done(contact, eve).Step;
        Assert.All([overdue, met], s => Assert.Empty(Steps.Remind(s, eve).Events));
        Assert.Null(Steps.Remind(met, eve).Step.RemindedOn);

        var (broadcast, _) = Broadcasting.Round(Need, null, [], Fitting("bank-a"), 1, Lpr, WorkingCalendar.China, ServicePromise.Default, Now, NewId);
        var take = Steps.Take(broadcast.TakeStepId, broadcast, Need);
        Assert.Equal((take, 0), (Steps.Remind(take, Today).Step, Steps.Remind(take, Today).Events.Count));
    }

    [Fact]
    public void A_region_sets_its_promise_within_bounds_and_inherits_the_nearest_above_it()
    {
        var refused = Assert.Throws<RuleViolationException>(() => MarketRules.ValidatePromise("99", 0, 11, 3, "o", Now));
        Assert.Equal(["regionCode", "takeWithinDays", "contactWithinDays"], refused.Problems.Select(p => p.Field));
        Assert.Equal(["contactWithinDays"], Assert.Throws<RuleViolationException>(() => MarketRules.ValidatePromise("13", 1, 6, 5, "o", Now)).Problems.Select(p => p.Field));
        var province = MarketRules.ValidatePromise("13", 2, 4, 8, "o", Now);
        Assert.Equal(province, MarketRules.PromiseFor("130903", [province]));
        Assert.Equal(ServicePromise.Default, MarketRules.PromiseFor("110101", [province]));
        Assert.Equal(["code", "reason"], Assert.Throws<RuleViolationException>(() => MarketRules.ValidateRejection(null, " ")).Problems.Select(p => p.Field));
        Assert.Equal(["consentToCreditQuery", "maxTakers"], Assert.Throws<RuleViolationException>(() => MarketRules.ValidateBroadcast(false, 6)).Problems.Select(p => p.Field));
        Assert.Equal(3, MarketRules.ValidateBroadcast(true, 0));
    }

    private static string NewId() => "id-" + Interlocked.Increment(ref _ids);

    private static Dictionary<string, List<ShelfProduct>> Fitting(params string[] banks) =>
        banks.ToDictionary(b => b, b => new List<ShelfProduct> { Shelved(b) });

    private static ShelfProduct Shelved(string bank) => new(
        "p-" + bank, bank, ProductKind.Credit, 10_000_000, 300_000_000, 6, 36, 45, ShelfEligibility.Anyone, true, 3, "Credit loan of " + bank);

    private static OfferedProduct Product(string bank) => OfferedProduct.From(Shelved(bank));
}
