using static FinanceMarket.Domain.Dates;
using FinanceMarket.Matching.V1;
using Proto = FinanceMarket.Common.V1;

namespace FinanceMarket.Matching.Grpc;

internal static class MarketMapping
{
    public static V1.Broadcast ToProto(
        Model.Broadcast b, DateOnly today, IReadOnlyDictionary<string, Model.Application> applications, Func<string?, string> bankName)
    {
        var proto = new V1.Broadcast
        {
            NeedId = b.NeedId,
            Uscc = b.Uscc,
            RegionCode = b.RegionCode,
            Status = ProtoEnums.ToProto<V1.Broadcast.Types.Status>(b.StatusOn(today)),
            MaxTakers = b.MaxTakers,
            Round = b.Round,
            BroadcastAt = Instant(b.BroadcastAt),
            TakeBy = Day(b.TakeBy),
            OpenUntil = Day(b.OpenUntil),
            BanksReached = b.BankIds.Count,
            Taken = b.TakenThisRound,
            ReferredFromApplicationId = b.ReferredFromApplicationId ?? string.Empty,
        };
        proto.Takers.AddRange(b.Takers.Select(t => new BroadcastTaker
        {
            BankId = t.BankId,
            BankName = bankName(t.BankId),
            ProductId = t.ProductId,
            ProductName = applications.TryGetValue(t.ApplicationId, out var a) ? a.Product.Name : string.Empty,
            ApplicationId = t.ApplicationId,
            ApplicationStatus = applications.TryGetValue(t.ApplicationId, out var s)
                ? ProtoEnums.ToProto<V1.ApplicationStatus>(s.Status)
                : V1.ApplicationStatus.Unspecified,
            TakenAt = Instant(t.TakenAt),
            Round = t.Round,
            Declined = t.Declined,
        }));
        return proto;
    }

    public static V1.Opportunity ToProto(Model.Opportunity o)
    {
        var proto = new V1.Opportunity
        {
            NeedId = o.NeedId,
            AmountFen = o.AmountFen,
            TermMonths = o.TermMonths,
            Purpose = o.Purpose,
            CollateralAvailable = o.CollateralAvailable,
            SizeClass = ProtoEnums.ToProto<Proto.SizeClass>(o.SizeClass),
            IndustryCode = o.IndustryCode,
            RegionCode = o.RegionCode,
            YearsInOperation = o.YearsInOperation,
            MaxTakers = o.MaxTakers,
            Round = o.Round,
            BroadcastAt = Instant(o.BroadcastAt),
            TakeBy = Day(o.TakeBy),
            OpenUntil = Day(o.OpenUntil),
        };
        proto.Products.AddRange(o.Products.Select(p => new V1.OpportunityProduct { ProductId = p.ProductId, ProductName = p.Name, EstimatedRateBp = p.EstimatedRateBp }));
        return proto;
    }

    public static V1.ServicePromise ToProto(string regionCode, Model.ServicePromise p) => new()
    {
        RegionCode = regionCode,
        SetForRegion = p.RegionCode,
        TakeWithinDays = p.TakeWithinDays,
        ContactWithinDays = p.ContactWithinDays,
        DecideWithinDays = p.DecideWithinDays,
        UpdatedBy = p.UpdatedBy ?? string.Empty,
        UpdatedAt = p.UpdatedAt is { } at ? Instant(at) : string.Empty,
    };

    public static SupervisionItem ToProto(Model.ServiceStep s, int daysOver, Func<string?, string> bankName)
    {
        var proto = new SupervisionItem
        {
            StepId = s.StepId,
            Step = ProtoEnums.ToProto<SupervisionItem.Types.Step>(s.Kind),
            Status = ToProto(s.Status),
            NeedId = s.NeedId,
            ApplicationId = s.ApplicationId ?? string.Empty,
            BankId = s.BankId ?? string.Empty,
            BankName = bankName(s.BankId),
            Uscc = s.Uscc,
            EnterpriseName = s.EnterpriseName,
            RegionCode = s.RegionCode,
            IndustryCode = s.IndustryCode,
            DueOn = Day(s.DueOn),
            DaysOver = daysOver,
            RaisedOn = s.RaisedOn is { } raised ? Day(raised) : string.Empty,
            DoneOn = s.DoneOn is { } done ? Day(done) : string.Empty,
        };
        proto.Notes.AddRange(s.Notes.Select(n => new V1.SupervisionNote { By = n.By, Text = n.Text, At = Instant(n.At) }));
        return proto;
    }

    // Only raised steps are listed: overdue, met late or missed.
    public static SupervisionItem.Types.Status ToProto(Model.StepStatus status) => status switch
    {
        Model.StepStatus.Overdue => SupervisionItem.Types.Status.Overdue,
        Model.StepStatus.MetLate => SupervisionItem.Types.Status.MetLate,
        Model.StepStatus.Missed => SupervisionItem.Types.Status.Missed,
        _ => SupervisionItem.Types.Status.Unspecified,
    };

    public static Model.StepStatus? ToDomain(SupervisionItem.Types.Status status) => status switch
    {
        SupervisionItem.Types.Status.Overdue => Model.StepStatus.Overdue,
        SupervisionItem.Types.Status.MetLate => Model.StepStatus.MetLate,
        SupervisionItem.Types.Status.Missed => Model.StepStatus.Missed,
        _ => null,
    };
}
