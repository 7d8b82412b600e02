using FinanceMarket.Matching.V1;
using Proto = FinanceMarket.Common.V1;

namespace FinanceMarket.Matching.Grpc;

// Between the wire (proto messages) and the model; enum values share their numbers on both sides.
internal static class MatchingMapping
{
    public static FinancingNeed ToProto(Model.Need need)
    {
        var proto = new FinancingNeed
        {
            NeedId = need.NeedId,
            Uscc = need.Uscc,
            AmountFen = need.AmountFen,
            TermMonths = need.TermMonths,
            Purpose = need.Purpose,
            CollateralAvailable = need.CollateralAvailable,
            CreatedAt = Instant(need.CreatedAt),
            ShelfStale = need.ShelfStale,
            ShelfAsOf = need.ShelfAsOf is { } asOf ? Instant(asOf) : string.Empty,
            LprOneYearBp = need.Lpr.OneYearBp,
            LprFiveYearBp = need.Lpr.FiveYearBp,
        };
        foreach (var m in need.Matches)
        {
            var match = new V1.Match { ProductId = m.ProductId, BankId = m.BankId, ProductName = m.ProductName, Score = m.Score, EstimatedRateBp = m.EstimatedRateBp };
            match.Reasons.AddRange(m.Reasons);
            match.Details.AddRange(m.Details?.Select(ReasonMapping.ToProto) ?? []);
            match.ScoreParts.AddRange(m.Parts.Select(p => new V1.ScorePart { Name = p.Name, Points = p.Points }));
            proto.Matches.Add(match);
        }

        foreach (var e in need.Excluded)
        {
            var exclusion = new V1.Exclusion { ProductId = e.ProductId, BankId = e.BankId, ProductName = e.ProductName };
            exclusion.Reasons.AddRange(e.Reasons);
            exclusion.Details.AddRange(e.Details?.Select(ReasonMapping.ToProto) ?? []);
            proto.Excluded.Add(exclusion);
        }

        return proto;
    }

    public static V1.Application ToProto(Model.Application a) => new()
    {
        ApplicationId = a.ApplicationId,
        NeedId = a.NeedId,
        ProductId = a.Product.ProductId,
        ProductName = a.Product.Name,
        BankId = a.BankId,
        Uscc = a.Uscc,
        RegionCode = a.RegionCode,
        IndustryCode = a.Enterprise.IndustryCode,
        SizeClass = (Proto.SizeClass)(int)a.Enterprise.SizeClass,
        ProductKind = (Proto.ProductKind)(int)a.Product.Kind,
        SubsidyEligible = a.Product.SubsidyEligible,
        Status = (V1.ApplicationStatus)(int)a.Status,
        SubmittedAt = Instant(a.SubmittedAt),
        DecideBy = Model.Transitions.Day(a.DecideBy),
        DecidedAt = a.DecidedAt is { } at ? Instant(at) : string.Empty,
        RejectionReason = a.RejectionReason ?? string.Empty,
        Deal = a.Deal is { } d
            ? new V1.Deal { GrantedAmountFen = d.GrantedAmountFen, AnnualRateBp = d.AnnualRateBp, TermMonths = d.TermMonths, ContractDate = Model.Transitions.Day(d.ContractDate) }
            : null,
        RequestedAmountFen = a.RequestedAmountFen,
        RequestedTermMonths = a.RequestedTermMonths,
        MinAmountFen = a.Product.MinAmountFen,
        MaxAmountFen = a.Product.MaxAmountFen,
        MinTermMonths = a.Product.MinTermMonths,
        MaxTermMonths = a.Product.MaxTermMonths,
        Version = a.Version,
    };

    public static WorkingCalendarYear ToProto(int year, WorkingCalendar calendar, Model.CalendarYear? recorded)
    {
        var proto = new WorkingCalendarYear
        {
            Year = year,
            NoticeKnown = calendar.Years.Contains(year),
            Source = recorded?.Source ?? (calendar.Years.Contains(year) ? "built in: State Council notice" : string.Empty),
            UpdatedBy = recorded?.UpdatedBy ?? string.Empty,
            UpdatedAt = recorded is { } r ? Instant(r.UpdatedAt) : string.Empty,
        };
        proto.Holidays.AddRange(calendar.HolidaysIn(year).Select(Model.Transitions.Day));
        proto.WorkingWeekendDays.AddRange(calendar.WorkingWeekendDaysIn(year).Select(Model.Transitions.Day));
        return proto;
    }

    public static Model.ApplicationStatus? ToStatus(Violations violations, V1.ApplicationStatus status)
    {
        if (status == V1.ApplicationStatus.Unspecified)
        {
            return null;
        }

        violations.Defined("status", status);
        return Enum.IsDefined(status) ? (Model.ApplicationStatus)(int)status : null;
    }

    public static string Instant(DateTimeOffset at) => at.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
}
