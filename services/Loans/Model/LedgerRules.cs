using System.Globalization;

namespace FinanceMarket.Loans.Model;

// What a bank may record on a loan, and what the record does to it. Every refusal names its field. Entries
// are dated in Asia/Shanghai, never in the future and never before the loan's latest entry, so a figure
// counted for a past day does not move; before each entry the loan's overdue state is brought up to the
// entry's day (a missed principal marks it overdue from the day after its due day).
public static class LedgerRules
{
    public const int MaxTermMonths = 360;
    public const int MaxRateBp = 10_000;

    // The plans the rules generate, for which termMonths is given (NOT_APPLICABLE's when).
    private static readonly string GeneratedKinds =
        "kind=" + string.Join(",", Enum.GetValues<ScheduleKind>().Where(k => k != ScheduleKind.Explicit).Select(k => k.Wire()));

    public static Loan Approve(string loanId, LoanTerms terms, DateTimeOffset at) => new(loanId, terms, LoanStatus.AwaitingDisbursement, [], at);

    public static Loan Disburse(Loan loan, DateOnly? on, long amountFen, DateOnly today, string by, DateTimeOffset at, Func<Loan, DateOnly, LoanClass> classify)
    {
        var v = new Violations();
        Open(v, loan, "disbursed");
        v.Require(loan.RenewalOf is null, "loanId", Reasons.LoanIsRenewal,
            $"is a renewal of {loan.RenewalOf}: its principal is the balance it took over, nothing more is paid out", ("of", loan.RenewalOf));
        var day = Day(v, "on", on, loan, today);
        if (day < loan.Terms.ContractDate)
        {
            v.Add("on", Reasons.BeforeContractDate, $"{Dates.Day(day.Value)} is before the contract date {Dates.Day(loan.Terms.ContractDate)}",
                ("contractDate", loan.Terms.ContractDate));
        }

        var left = loan.Terms.GrantedFen - loan.DisbursedFen;
        if (loan.RenewalOf is null && left <= 0)
        {
            v.Add("amountFen", Reasons.LoanFullyDisbursed, $"the whole granted {Money.Yuan(loan.Terms.GrantedFen)} has been paid out",
                ("grantedFen", loan.Terms.GrantedFen));
        }
        else if (loan.RenewalOf is null)
        {
            v.Range("amountFen", amountFen, 1, left);
        }

        v.ThrowIfAny();
        var current = CatchUp(loan, day!.Value, at);
        var next = Append(current, new LedgerEntry(0, EntryKind.Disbursed, day.Value, amountFen, 0, by, at));
        return next with
        {
            Status = current.Status == LoanStatus.AwaitingDisbursement ? LoanStatus.Active : current.Status,
            Class = current.Class ?? classify(current, day.Value),
        };
    }

    // A plan on the principal outstanding now, from `startOn` (the loan's latest entry by default).
    public static Loan SetSchedule(
        Loan loan, ScheduleKind kind, DateOnly? startOn, int termMonths, IReadOnlyList<Instalment> explicitInstalments, DateOnly today, string by, DateTimeOffset at)
    {
        var v = new Violations();
        Open(v, loan, "given a schedule");
        var balance = loan.BalanceFen;
        v.Require(loan.Status == LoanStatus.AwaitingDisbursement || balance > 0, "loanId", Reasons.LoanNothingOutstanding, "has nothing outstanding to schedule");
        v.Require(loan.Status != LoanStatus.AwaitingDisbursement, "loanId", Reasons.LoanNotDisbursed, "has not been paid out yet: record the disbursement first");
        v.Defined("kind", kind);
        var start = startOn ?? loan.LastEntryOn ?? today;
        if (startOn is not null)
        {
            Day(v, "startOn", startOn, loan, today);
        }

        IReadOnlyList<Instalment> instalments = [];
        if (kind == ScheduleKind.Explicit)
        {
            v.Require(termMonths == 0, "termMonths", Reasons.NotApplicable, "is for the generated plans; an explicit plan gives its instalments",
                ("when", GeneratedKinds));
            instalments = ExplicitInstalments(v, explicitInstalments, start, balance);
        }
        else if (Enum.IsDefined(kind))
        {
            v.Require(explicitInstalments.Count == 0, "instalments", Reasons.NotApplicable, "are given only with kind EXPLICIT", ("when", "kind=EXPLICIT"));
            var months = termMonths == 0 ? loan.Terms.TermMonths : termMonths;
            v.Range("termMonths", months, 1, MaxTermMonths);
            if (!v.Any)
            {
                instalments = Schedules.Generate(kind, balance, loan.Terms.RateBp, start, months);
            }
        }

        v.ThrowIfAny();
        var current = CatchUp(loan, start, at);
        var next = Append(current, new LedgerEntry(0, EntryKind.ScheduleSet, start, 0, 0, by, at)) with
        {
            Schedule = new Schedule(kind, start, instalments, current.PrincipalRepaidFen),
        };
        return Cure(next, start, by, at);
    }

    public static Loan Repay(Loan loan, DateOnly? on, long principalFen, long interestFen, DateOnly today, string by, DateTimeOffset at)
    {
        var v = new Violations();
        Open(v, loan, "repaid");
        v.Require(loan.Status != LoanStatus.AwaitingDisbursement, "loanId", Reasons.LoanNotDisbursed, "has not been paid out: there is nothing to repay");
        var day = Day(v, "on", on, loan, today);
        if (loan.FirstDisbursedOn is { } first && day < first)
        {
            v.Add("on", Reasons.BeforeFirstDisbursement, $"{Dates.Day(day.Value)} is before the first disbursement on {Dates.Day(first)}", ("firstDisbursedOn", first));
        }

        var balance = loan.BalanceFen;
        v.Range("principalFen", principalFen, 0, Limits.MaxEnterpriseFiguresFen);
        if (principalFen > balance && loan.Status != LoanStatus.AwaitingDisbursement)
        {
            v.Add("principalFen", Reasons.MoreThanOutstanding, $"{Money.Yuan(principalFen)} is more than the {Money.Yuan(balance)} outstanding",
                ("outstanding", balance), ("got", principalFen));
        }

        v.Range("interestFen", interestFen, 0, Limits.MaxEnterpriseFiguresFen);
        v.Require(principalFen > 0 || interestFen > 0, "principalFen", Reasons.OneOfRequired, "a repayment repays principal, interest or both",
            ("fields", "principalFen,interestFen"));
        v.ThrowIfAny();
        var current = CatchUp(loan, day!.Value, at);
        var next = Cure(Append(current, new LedgerEntry(0, EntryKind.Repaid, day.Value, principalFen, interestFen, by, at)), day.Value, by, at);
        // Repaid in full once all was paid out: the loan ends. A loan repaid between tranches stays open.
        return next.BalanceFen == 0 && next.DisbursedFen == next.Terms.GrantedFen ? Close(next, EntryKind.Settled, LoanStatus.Settled, day.Value, 0, by, at) : next;
    }

    // The old loan ends RENEWED and a new one, linked to it, takes its balance over on the same day.
    public static (Loan Old, Loan New) Renew(
        Loan loan, string newLoanId, DateOnly? on, int newTermMonths, RenewalKind kind, int rateBp, DateOnly today, string by, DateTimeOffset at,
        Func<Loan, DateOnly, LoanClass> classify)
    {
        var v = new Violations();
        Open(v, loan, "renewed");
        v.Require(loan.Status != LoanStatus.AwaitingDisbursement, "loanId", Reasons.LoanNotDisbursed, "has not been paid out: there is nothing to renew");
        v.Require(loan.Status != LoanStatus.Overdue, "loanId", Reasons.LoanOverdue,
            "is overdue: its overdue principal is repaid first (a renewal does not hide a missed payment)", ("dueOn", loan.OverdueDueOn));
        var day = Day(v, "on", on, loan, today);
        v.Range("newTermMonths", newTermMonths, 1, MaxTermMonths);
        v.Defined("renewalKind", kind);
        v.Range("rateBp", rateBp, 0, MaxRateBp);
        var balance = loan.BalanceFen;
        v.Require(loan.Status == LoanStatus.AwaitingDisbursement || balance > 0, "loanId", Reasons.LoanNothingOutstanding, "has nothing outstanding to renew");
        v.ThrowIfAny();

        var current = CatchUp(loan, day!.Value, at);
        if (current.Status == LoanStatus.Overdue)
        {
            Violations.Fail("on", Reasons.LoanOverdue,
                $"on {Dates.Day(day.Value)} the loan is overdue (the instalment due {Dates.Day(current.OverdueDueOn!.Value)} is unpaid)",
                ("dueOn", current.OverdueDueOn.Value));
        }

        var old = Close(Append(current, new LedgerEntry(0, EntryKind.RenewedInto, day.Value, balance, 0, by, at) { Note = newLoanId, RenewalKind = kind }),
            null, LoanStatus.Renewed, day.Value, 0, by, at) with { RenewedInto = newLoanId };
        var terms = current.Terms with { GrantedFen = balance, RateBp = rateBp, TermMonths = newTermMonths, ContractDate = day.Value };
        var renewal = new Loan(newLoanId, terms, LoanStatus.Active, [new LedgerEntry(1, EntryKind.TookOver, day.Value, balance, 0, by, at) { Note = loan.LoanId }], at)
        {
            RenewalOf = loan.LoanId,
            RenewalKind = kind,
        };
        return (old, renewal with { Class = classify(renewal, day.Value) with { FirstLoan = false, Renewal = true } });
    }

    // A loan never drawn, or drawn and repaid between tranches, is closed by the bank.
    public static Loan Settle(Loan loan, DateOnly? on, DateOnly today, string by, DateTimeOffset at)
    {
        var v = new Violations();
        Open(v, loan, "settled");
        var day = Day(v, "on", on, loan, today);
        var balance = loan.BalanceFen;
        if (balance > 0)
        {
            v.Add("loanId", Reasons.LoanStillOutstanding, $"still has {Money.Yuan(balance)} outstanding: record its repayment, or write it off",
                ("outstandingFen", balance));
        }

        v.ThrowIfAny();
        return Close(CatchUp(loan, day!.Value, at), EntryKind.Settled, LoanStatus.Settled, day.Value, 0, by, at);
    }

    public static Loan WriteOff(Loan loan, DateOnly? on, string? reason, DateOnly today, string by, DateTimeOffset at)
    {
        var v = new Violations();
        Open(v, loan, "written off");
        var day = Day(v, "on", on, loan, today);
        v.Text("reason", reason, 500);
        var balance = loan.BalanceFen;
        v.Require(balance > 0, "loanId", Reasons.LoanNothingOutstanding, "has nothing outstanding to write off");
        v.ThrowIfAny();
        return Close(CatchUp(loan, day!.Value, at), EntryKind.WrittenOff, LoanStatus.WrittenOff, day.Value, balance, by, at, reason!.Trim());
    }

    // The instalment whose principal is missed on `day`: due before it, and not covered by what was repaid
    // since the plan was set (to the end of `day`). Null while the loan is current.
    public static DateOnly? MissedDueOn(Loan loan, DateOnly day)
    {
        if (loan.Schedule is not { } schedule || loan.IsClosed)
        {
            return null;
        }

        var repaid = loan.Entries.Where(e => e.Kind == EntryKind.Repaid && e.On <= day).Sum(e => e.PrincipalFen) - schedule.BaseRepaidFen;
        long due = 0;
        foreach (var instalment in schedule.Instalments.TakeWhile(i => i.DueOn < day))
        {
            due += instalment.PrincipalFen;
            if (repaid < due)
            {
                return instalment.DueOn;
            }
        }

        return null;
    }

    // The due day of the first instalment whose principal is not yet repaid, whatever the day: an active loan
    // falls overdue the day after it unless repaid by then (the stores index it for the daily check).
    public static DateOnly? NextUnpaidDueOn(Loan loan) =>
        loan.Status == LoanStatus.Active ? MissedDueOn(loan, DateOnly.MaxValue) : null;

    public static int DaysPastDue(Loan loan, DateOnly day) =>
        loan.Status == LoanStatus.Overdue && loan.OverdueDueOn is { } due ? Math.Max(0, day.DayNumber - due.DayNumber) : 0;

    // A current loan with a principal missed before `day` becomes overdue from the day after that due day
    // (the daily sweep calls this with today; every entry with its own day first).
    public static Loan CatchUp(Loan loan, DateOnly day, DateTimeOffset at)
    {
        if (loan.Status != LoanStatus.Active || MissedDueOn(loan, day) is not { } missed)
        {
            return loan;
        }

        var from = missed.AddDays(1);
        var marked = Append(loan, new LedgerEntry(0, EntryKind.BecameOverdue, from, loan.BalanceFen, 0, "platform", at) { DueOn = missed });
        return marked with { Status = LoanStatus.Overdue, OverdueDueOn = missed };
    }

    private static Loan Cure(Loan loan, DateOnly day, string by, DateTimeOffset at)
    {
        if (loan.Status != LoanStatus.Overdue)
        {
            return loan;
        }

        if (MissedDueOn(loan, day) is { } still)
        {
            // Partly paid: still overdue, perhaps now on a later instalment.
            return loan with { OverdueDueOn = still };
        }

        return Append(loan, new LedgerEntry(0, EntryKind.Cured, day, loan.BalanceFen, 0, by, at)) with { Status = LoanStatus.Active, OverdueDueOn = null };
    }

    private static Loan Close(Loan loan, EntryKind? kind, LoanStatus status, DateOnly day, long principalFen, string by, DateTimeOffset at, string? note = null)
    {
        var closed = kind is { } k ? Append(loan, new LedgerEntry(0, k, day, principalFen, 0, by, at) { Note = note }) : loan;
        return closed with { Status = status, ClosedOn = day, OverdueDueOn = null };
    }

    private static Loan Append(Loan loan, LedgerEntry entry) => loan with { Entries = [.. loan.Entries, entry with { Sequence = loan.Entries.Count + 1 }] };

    private static void Open(Violations v, Loan loan, string what) =>
        v.Require(!loan.IsClosed, "loanId", Reasons.LoanClosed,
            $"is {loan.Status.Wire()} since {(loan.ClosedOn is { } d ? Dates.Day(d) : "?")}: a closed loan is not {what}",
            ("status", loan.Status.Wire()), ("since", loan.ClosedOn));

    // A day of the ledger: given, not in the future, not before the loan's latest entry.
    private static DateOnly? Day(Violations v, string field, DateOnly? day, Loan loan, DateOnly today)
    {
        if (day is null)
        {
            v.Add(field, Reasons.Required, "is required (YYYY-MM-DD)");
            return null;
        }

        if (day > today)
        {
            v.Add(field, Reasons.DayInFuture, $"{Dates.Day(day.Value)} is in the future (today is {Dates.Day(today)})", ("today", today));
        }
        else if (loan.LastEntryOn is { } last && day < last)
        {
            v.Add(field, Reasons.BeforeLatestEntry,
                $"{Dates.Day(day.Value)} is before the loan's latest entry on {Dates.Day(last)}: the ledger is kept in the order things happened",
                ("latestEntryOn", last));
        }

        return day;
    }

    private static List<Instalment> ExplicitInstalments(Violations v, IReadOnlyList<Instalment> given, DateOnly start, long balance)
    {
        v.Range("instalments", given.Count, 1, Schedules.MaxInstalments);
        var previous = start;
        var previousField = "startOn";
        for (var i = 0; i < given.Count; i++)
        {
            var instalment = given[i];
            if (instalment.DueOn <= previous)
            {
                v.Add($"instalments[{i}].dueOn", Reasons.NotAfterField, $"{Dates.Day(instalment.DueOn)} must come after {Dates.Day(previous)}",
                    ("field", previousField), ("min", previous));
            }

            v.Range($"instalments[{i}].principalFen", instalment.PrincipalFen, 0, Limits.MaxEnterpriseFiguresFen);
            v.Range($"instalments[{i}].interestFen", instalment.InterestFen, 0, Limits.MaxEnterpriseFiguresFen);
            if (instalment.DueOn > previous)
            {
                previous = instalment.DueOn;
                previousField = $"instalments[{i}].dueOn";
            }
        }

        var total = given.Aggregate(Int128.Zero, (sum, i) => sum + i.PrincipalFen);
        if (given.Count > 0 && total != balance)
        {
            v.Add("instalments", Reasons.SumNot, string.Create(CultureInfo.InvariantCulture, $"principal adds up to {total} fen; the balance to schedule is {balance} fen"),
                ("expectedFen", balance), ("gotFen", total));
        }

        return [.. given.Select((i, n) => i with { Number = n + 1 })];
    }
}
