using FinanceMarket.Loans.Model;
using Proto = FinanceMarket.Loans.V1;
using ProtoCommon = FinanceMarket.Common.V1;

namespace FinanceMarket.Loans.Grpc;

// Between the proto's messages and the model's records.
internal static class LoansMapping
{
    // A kind the rules then refuse by name when it is not one of the plans (0 and unknown numbers alike).
    public static ScheduleKind Kind(Proto.ScheduleKind kind) => ProtoEnums.TryToDomain<ScheduleKind>(kind, out var value) ? value : 0;

    public static RenewalKind RenewalKindOf(Proto.RenewalKind kind) => ProtoEnums.TryToDomain<RenewalKind>(kind, out var value) ? value : 0;

    // A required day: refused, naming the field, when missing or not a date.
    public static DateOnly Day(string text, string field)
    {
        var v = new Violations();
        var day = DayOf(v, text, field);
        v.ThrowIfAny();
        return day;
    }

    public static DateOnly DayOf(Violations v, string text, string field) => v.Date(field, text) ?? default;

    public static DateOnly? OptionalDay(Violations v, string text, string field) => string.IsNullOrEmpty(text) ? null : v.Date(field, text);

    public static Proto.Loan ToProto(Loan loan, DateOnly on, bool withLedger)
    {
        var t = loan.Terms;
        var proto = new Proto.Loan
        {
            LoanId = loan.LoanId,
            ApplicationId = t.ApplicationId,
            ProductId = t.ProductId,
            BankId = t.BankId,
            Uscc = t.Uscc,
            RegionCode = t.RegionCode,
            IndustryCode = t.IndustryCode,
            SizeClass = ProtoEnums.ToProto<ProtoCommon.SizeClass>(t.SizeClass),
            ProductKind = ProtoEnums.ToProto<ProtoCommon.ProductKind>(t.ProductKind),
            GrantedFen = t.GrantedFen,
            RateBp = t.RateBp,
            TermMonths = t.TermMonths,
            ContractDate = Dates.Day(t.ContractDate),
            Status = ProtoEnums.ToProto<Proto.LoanStatus>(loan.Status),
            DisbursedFen = loan.DisbursedFen,
            PrincipalRepaidFen = loan.PrincipalRepaidFen,
            InterestRepaidFen = loan.InterestRepaidFen,
            BalanceFen = Balances.On(loan, on),
            BalanceOn = Dates.Day(on),
            OverdueDueOn = loan.OverdueDueOn is { } missed ? Dates.Day(missed) : string.Empty,
            DaysPastDue = LedgerRules.DaysPastDue(loan, on),
            RenewalOf = loan.RenewalOf ?? string.Empty,
            RenewalKind = loan.RenewalKind is { } kind ? ProtoEnums.ToProto<Proto.RenewalKind>(kind) : Proto.RenewalKind.Unspecified,
            RenewedInto = loan.RenewedInto ?? string.Empty,
            ClosedOn = loan.ClosedOn is { } closed ? Dates.Day(closed) : string.Empty,
            CreatedAt = Dates.Instant(loan.CreatedAt),
        };
        if (loan.Class is { } c)
        {
            proto.Class = new Proto.LoanClass { FirstLoan = c.FirstLoan, CreditLoan = c.CreditLoan, InclusiveSmallMicro = c.InclusiveSmallMicro, Renewal = c.Renewal };
        }

        if (loan.Schedule is { } schedule)
        {
            var (due, next) = Plan(loan, schedule, on);
            proto.PrincipalDueFen = due;
            if (next is { } n)
            {
                proto.NextDueOn = Dates.Day(n.DueOn);
                proto.NextDuePrincipalFen = n.PrincipalFen;
            }

            if (withLedger)
            {
                proto.Schedule = new Proto.Schedule { Kind = ProtoEnums.ToProto<Proto.ScheduleKind>(schedule.Kind), StartOn = Dates.Day(schedule.StartOn) };
                proto.Schedule.Instalments.AddRange(schedule.Instalments.Select(i => new Proto.Instalment
                {
                    Number = i.Number, DueOn = Dates.Day(i.DueOn), PrincipalFen = i.PrincipalFen, InterestFen = i.InterestFen,
                }));
            }
        }

        if (withLedger)
        {
            var balance = 0L;
            foreach (var e in loan.Entries)
            {
                balance += Balances.Change(e);
                proto.Entries.Add(new Proto.LedgerEntry
                {
                    Sequence = e.Sequence,
                    Kind = ProtoEnums.ToProto<Proto.LedgerEntry.Types.Kind>(e.Kind),
                    On = Dates.Day(e.On),
                    PrincipalFen = e.PrincipalFen,
                    InterestFen = e.InterestFen,
                    RecordedBy = e.By,
                    RecordedAt = Dates.Instant(e.RecordedAt),
                    Note = e.Note ?? string.Empty,
                    DueOn = e.DueOn is { } d ? Dates.Day(d) : string.Empty,
                    BalanceFen = balance,
                });
            }
        }

        return proto;
    }

    // What the plan expects repaid by the end of `on` (its instalments due by then, less what was repaid
    // since it was set, never below 0), and the next instalment after `on`.
    private static (long Due, Instalment? Next) Plan(Loan loan, Schedule schedule, DateOnly on)
    {
        var repaid = loan.Entries.Where(e => e.Kind == EntryKind.Repaid && e.On <= on).Sum(e => e.PrincipalFen) - schedule.BaseRepaidFen;
        var scheduled = schedule.Instalments.Where(i => i.DueOn <= on).Sum(i => i.PrincipalFen);
        return (Math.Max(0, scheduled - repaid), loan.IsClosed ? null : schedule.Instalments.FirstOrDefault(i => i.DueOn > on));
    }

    public static Proto.LedgerLine ToLine(LoanEntryRecordedIntegrationEvent e) => new()
    {
        LoanId = e.LoanId,
        ApplicationId = e.ApplicationId,
        BankId = e.BankId,
        Uscc = e.Uscc,
        RegionCode = e.RegionCode,
        IndustryCode = e.IndustryCode,
        SizeClass = e.SizeClass,
        ProductKind = e.ProductKind,
        Sequence = e.Sequence,
        Kind = e.Kind,
        On = e.On,
        PrincipalFen = e.PrincipalFen,
        InterestFen = e.InterestFen,
        BalanceAfterFen = e.BalanceAfterFen,
        BalanceDeltaFen = e.BalanceDeltaFen,
        OverdueDeltaFen = e.OverdueDeltaFen,
        Status = e.Status,
        FirstLoan = e.FirstLoan,
        CreditLoan = e.CreditLoan,
        InclusiveSmallMicro = e.InclusiveSmallMicro,
        Renewal = e.Renewal,
        FirstDisbursement = e.FirstDisbursement,
        OtherLoanId = e.OtherLoanId ?? string.Empty,
        RenewalKind = e.RenewalKind ?? string.Empty,
    };
}
