using static FinanceMarket.Domain.Dates;

namespace FinanceMarket.Matching.Model;

// The market loop's changes as whole writes: each returns everything to save together (the broadcast, the
// application, the steps, the opportunities and the events), or refuses in the domain's words. The service
// reads, calls one of these, and saves the result with the versions it read.
public static class Broadcasting
{
    // A new round: the first broadcast, a broadcast again after the last was withdrawn or closed, or a
    // referral. It reaches every bank with a fitting product except those that declined the need or took it
    // in an earlier round, each with its fitting products; the earlier round's take step ends.
    public static (Broadcast Broadcast, MarketWrite Write) Round(
        Need need, Broadcast? previous, IReadOnlyList<ServiceStep> steps, IReadOnlyDictionary<string, List<ShelfProduct>> fitting, int maxTakers,
        LoanPrimeRate lpr, WorkingCalendar calendar, ServicePromise promise, DateTimeOffset now, Func<string> newId, string? declinedBy = null,
        string? referredFrom = null)
    {
        var declined = (previous?.DeclinedBy ?? []).Concat(declinedBy is null ? [] : [declinedBy]).Distinct(StringComparer.Ordinal).ToList();
        var banks = fitting.Keys
            .Where(b => !declined.Contains(b, StringComparer.Ordinal) && previous?.HasTaken(b) != true)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (banks.Count == 0)
        {
            throw new PreconditionException(referredFrom is null
                ? $"No bank has a listed product that fits need {need.NeedId}; change the amount, term or collateral and post the need again."
                : $"No other bank has a listed product that fits need {need.NeedId}.");
        }

        var today = ChinaTime.DateOf(now);
        var broadcast = new Broadcast(
            need.NeedId, need.Uscc, need.Enterprise.RegionCode, maxTakers, (previous?.Round ?? 0) + 1, false, now,
            calendar.AddWorkingDays(today, promise.TakeWithinDays), calendar.AddWorkingDays(today, MarketRules.OpenWorkingDays),
            banks, previous?.Takers ?? [], declined, referredFrom, newId(), (previous?.Version ?? 0) + 1);
        var lprBp = lpr.For(need.TermMonths);
        var opportunities = banks.Select(bank => new Opportunity(
            need.NeedId, bank, broadcast.Round, need.AmountFen, need.TermMonths, need.Purpose, need.CollateralAvailable, need.Enterprise.SizeClass,
            need.Enterprise.IndustryCode, need.Enterprise.RegionCode, need.Enterprise.YearsInOperation,
            [.. fitting[bank].Select(p => new OpportunityProduct(p.ProductId, p.Name, lprBp + p.RateSpreadBp))],
            maxTakers, now, broadcast.TakeBy, broadcast.OpenUntil)).ToList();

        var (ended, endEvents) = Move(steps.Where(s => s.Kind == StepKind.Take), s => Steps.End(s, today, bankFault: false));
        var write = new MarketWrite
        {
            Broadcast = new(broadcast, previous?.Version ?? 0),
            Steps = [.. ended, new(Steps.Take(broadcast.TakeStepId, broadcast, need), 0)],
            Switches = [new OpportunitySwitch(need.NeedId, null, false)],
            Opportunities = opportunities,
            Events =
            [
                .. endEvents,
                new NeedBroadcastIntegrationEvent(need.NeedId, need.Uscc, need.Enterprise.RegionCode, need.Enterprise.IndustryCode, broadcast.Round, maxTakers,
                    banks, Day(today), Day(broadcast.TakeBy), Day(broadcast.OpenUntil), referredFrom),
            ],
        };
        return (broadcast, write);
    }

    // Whether a bank may take the broadcast now; refused in the words the bank needs.
    public static void RequireTakeable(Broadcast broadcast, string bankId, DateOnly today)
    {
        if (broadcast.HasTaken(bankId))
        {
            throw new ConflictException($"Bank {bankId} has already taken need {broadcast.NeedId}; a bank takes a need once.");
        }

        if (broadcast.DeclinedBy.Contains(bankId, StringComparer.Ordinal))
        {
            throw new PreconditionException($"Need {broadcast.NeedId} was declined by bank {bankId}; it is not offered to it again.");
        }

        if (!broadcast.Reaches(bankId))
        {
            throw new PreconditionException($"Need {broadcast.NeedId} was not sent to bank {bankId}: none of its listed products fitted it when it was broadcast.");
        }

        switch (broadcast.StatusOn(today))
        {
            case BroadcastStatus.Withdrawn:
                throw new PreconditionException($"The enterprise withdrew the broadcast of need {broadcast.NeedId}.");
            case BroadcastStatus.Closed:
                throw new PreconditionException($"The broadcast of need {broadcast.NeedId} closed on {Day(broadcast.OpenUntil)}.");
            case BroadcastStatus.Full:
                throw new ConflictException($"Need {broadcast.NeedId} has been taken by {broadcast.MaxTakers} banks already, as many as the enterprise asked for.");
        }
    }

    // A bank takes the need for one of its products: the new application and its steps, the take step met
    // (if first), the bank's opportunity closed, and every bank's if that filled the broadcast.
    public static MarketWrite Take(
        Broadcast broadcast, Application taken, IReadOnlyList<IntegrationEvent> takenEvents, Need need, IReadOnlyList<ServiceStep> steps, Func<string> newId)
    {
        var today = ChinaTime.DateOf(taken.SubmittedAt);
        var after = broadcast with
        {
            Takers = [.. broadcast.Takers, new Taker(taken.BankId, taken.Product.ProductId, taken.ApplicationId, taken.SubmittedAt, broadcast.Round)],
            Version = broadcast.Version + 1,
        };
        var (met, metEvents) = Move(steps.Where(s => s.StepId == broadcast.TakeStepId), s => Steps.Done(s, today));
        return new MarketWrite
        {
            Broadcast = new(after, broadcast.Version),
            Application = new(taken, 0),
            Steps = [.. met, .. Steps.Of(taken, need, newId).Select(s => new Versioned<ServiceStep>(s, 0))],
            Switches = after.TakenThisRound >= after.MaxTakers
                ? [new OpportunitySwitch(need.NeedId, null, false)]
                : [new OpportunitySwitch(need.NeedId, taken.BankId, false)],
            Events = [.. takenEvents, .. metEvents],
        };
    }

    public static MarketWrite Withdraw(Broadcast broadcast, IReadOnlyList<ServiceStep> steps, DateTimeOffset now)
    {
        if (broadcast.Withdrawn)
        {
            throw new ConflictException($"The broadcast of need {broadcast.NeedId} is already withdrawn.");
        }

        var today = ChinaTime.DateOf(now);
        var (ended, events) = Move(steps.Where(s => s.StepId == broadcast.TakeStepId), s => Steps.End(s, today, bankFault: false));
        return new MarketWrite
        {
            Broadcast = new(broadcast with { Withdrawn = true, Version = broadcast.Version + 1 }, broadcast.Version),
            Steps = ended,
            Switches = [new OpportunitySwitch(broadcast.NeedId, null, false)],
            Events = [.. events, new BroadcastWithdrawnIntegrationEvent(broadcast.NeedId, broadcast.Uscc, broadcast.RegionCode, broadcast.Round, Day(today))],
        };
    }

    // The enterprise withdraws an undecided application; when a bank had taken it, that bank is declined: its
    // place in the round is free again, and the banks still waiting see the need again if it had filled.
    public static MarketWrite WithdrawApplication(Application application, string reason, Broadcast? broadcast, IReadOnlyList<ServiceStep> steps, DateTimeOffset now)
    {
        if (application.Status != ApplicationStatus.Submitted)
        {
            throw new ConflictException($"Application {application.ApplicationId} is already {application.Status.Wire()}; only a SUBMITTED application can be withdrawn.");
        }

        var today = ChinaTime.DateOf(now);
        var (withdrawn, announced) = Transitions.Withdraw(application, reason, now);
        var (ended, events) = Move(steps.Where(s => s.ApplicationId == application.ApplicationId), s => Steps.End(s, today, bankFault: false));
        var write = new MarketWrite { Application = new(withdrawn, application.Version), Steps = ended, Events = [announced, .. events] };
        if (broadcast?.Takers.FirstOrDefault(t => t.ApplicationId == application.ApplicationId) is not { } taker)
        {
            return write;
        }

        var after = broadcast with
        {
            Takers = [.. broadcast.Takers.Select(t => t == taker ? t with { Declined = true } : t)],
            DeclinedBy = [.. broadcast.DeclinedBy, taker.BankId],
            Version = broadcast.Version + 1,
        };
        var reopen = broadcast.StatusOn(today) == BroadcastStatus.Full && after.StatusOn(today) == BroadcastStatus.Open
            ? after.BankIds.Where(b => !after.HasTaken(b) && !after.DeclinedBy.Contains(b, StringComparer.Ordinal))
                .Select(b => new OpportunitySwitch(broadcast.NeedId, b, true)).ToList()
            : [];
        return write with { Broadcast = new(after, broadcast.Version), Switches = reopen };
    }

    // An application expires (by the sweep, or when a late act finds it past its decide-by day) with the
    // steps of the promise it leaves undone: missed, by its bank.
    public static MarketWrite Expire(Application application, IEnumerable<ServiceStep> steps, DateTimeOffset now)
    {
        var (expired, announced) = Transitions.Expire(application, now);
        var (ended, events) = Move(steps.Where(s => s.ApplicationId == application.ApplicationId), s => Steps.End(s, ChinaTime.DateOf(now), bankFault: true));
        return new MarketWrite { Application = new(expired, application.Version), Steps = ended, Events = [announced, .. events] };
    }

    // Moves each step given; only those that changed are written, at the version they were read.
    public static (IReadOnlyList<Versioned<ServiceStep>> Steps, IReadOnlyList<IntegrationEvent> Events) Move(
        IEnumerable<ServiceStep> steps, Func<ServiceStep, (ServiceStep Step, IReadOnlyList<IntegrationEvent> Events)> move)
    {
        var changed = new List<Versioned<ServiceStep>>();
        var events = new List<IntegrationEvent>();
        foreach (var step in steps)
        {
            var (after, raised) = move(step);
            if (after.Version != step.Version)
            {
                changed.Add(new(after, step.Version));
                events.AddRange(raised);
            }
        }

        return (changed, events);
    }
}
