using static FinanceMarket.Domain.Dates;
using FinanceMarket.Matching.V1;
using Proto = FinanceMarket.Common.V1;

namespace FinanceMarket.Matching.Grpc;

// Between the wire (proto messages) and the model; enum values share their numbers on both sides.
internal static class MatchingMapping
{
    public static FinancingNeed ToProto(Model.Need need, Model.NeedPages.MatchPage page)
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
            MatchCount = need.Matched,
            ExcludedCount = need.Unmatched,
            NextPageToken = Model.RankedTokens.Token(page.Next),
        };
        foreach (var m in page.Matches)
        {
            proto.Matches.Add(Match(m.ProductId, m.BankId, m.ProductName, m.Score, m.EstimatedRateBp, m.English, m.Parts, m.Details, m.PreCredit));
        }

        proto.ExcludedByReason.AddRange(need.UnmatchedByReason.Select(c => new V1.ReasonCount { Code = ProtoEnums.ToProto<V1.ReasonCode>(c.Code), Count = c.Count }));
        foreach (var e in need.Misses)
        {
            var exclusion = new V1.Exclusion { ProductId = e.ProductId, BankId = e.BankId, ProductName = e.ProductName };
            exclusion.Reasons.AddRange(e.English);
            exclusion.Details.AddRange(e.Details?.Select(ReasonMapping.ToProto) ?? []);
            proto.NearestMisses.Add(exclusion);
        }

        return proto;
    }

    // The product as it is now against the need as it was posted, priced on the need's LPR.
    public static NeedProductExplanation ToProto(Model.Need need, ShelfProduct product, long version, bool listed, bool onShelf)
    {
        var explanation = new NeedProductExplanation
        {
            NeedId = need.NeedId,
            ProductId = product.ProductId,
            BankId = product.BankId,
            ProductName = product.Name,
            ProductVersion = version,
            Listed = listed,
            OnShelf = onShelf,
        };
        IReadOnlyList<Engine.Reason> details;
        if (EligibilityRules.IsEligible(product, need.Profile, need.Request))
        {
            var match = Scoring.Score(product, need.Request, need.Lpr);
            details = MatchReasons.Details(match, need.Request, need.Lpr, need.Profile);
            explanation.Matched = true;
            explanation.Score = match.Score;
            explanation.EstimatedRateBp = match.EstimatedRateBp;
            explanation.ScoreParts.AddRange(match.Parts.Select(p => new V1.ScorePart { Name = p.Name, Points = p.Points }));
        }
        else
        {
            details = EligibilityRules.Details(product, need.Profile, need.Request);
        }

        explanation.Reasons.AddRange(details.Select(d => d.ToEnglish()));
        explanation.Details.AddRange(details.Select(ReasonMapping.ToProto));
        return explanation;
    }

    public static ListRecommendationsResponse ToProto(Recommendations page, LoanPrimeRate lpr)
    {
        var response = new ListRecommendationsResponse
        {
            TotalCount = page.Count,
            NextPageToken = Model.RankedTokens.Token(page.More ? ShelfKey.Of(page.Products[^1]) : null),
        };
        response.Products.AddRange(page.Products.Select(p => new Recommendation
        {
            ProductId = p.ProductId,
            BankId = p.BankId,
            ProductName = p.Name,
            Kind = ProtoEnums.ToProto<Proto.ProductKind>(p.Kind),
            MinAmountFen = p.MinAmountFen,
            MaxAmountFen = p.MaxAmountFen,
            MinTermMonths = p.MinTermMonths,
            MaxTermMonths = p.MaxTermMonths,
            EstimatedRateBp = lpr.OneYearBp + p.RateSpreadBp,
            DecisionSlaDays = p.DecisionSlaDays,
            SubsidyEligible = p.SubsidyEligible,
            CollateralRequired = p.Eligibility.CollateralRequired,
            Points = Scoring.ProductPoints(p),
        }));
        return response;
    }

    private static V1.Match Match(
        string productId, string bankId, string name, int score, int rate, IReadOnlyList<string> reasons, IReadOnlyList<Engine.ScorePart> parts,
        IReadOnlyList<Engine.Reason>? details, Engine.PreCreditEstimate? preCredit)
    {
        var match = new V1.Match
        {
            ProductId = productId, BankId = bankId, ProductName = name, Score = score, EstimatedRateBp = rate,
            PreCredit = preCredit is null ? null : ToProto(productId, bankId, name, preCredit),
        };
        match.Reasons.AddRange(reasons);
        match.Details.AddRange(details?.Select(ReasonMapping.ToProto) ?? []);
        match.ScoreParts.AddRange(parts.Select(p => new V1.ScorePart { Name = p.Name, Points = p.Points }));
        return match;
    }

    public static V1.PreCreditEstimate ToProto(string productId, string bankId, string name, Engine.PreCreditEstimate estimate)
    {
        var proto = new V1.PreCreditEstimate { ProductId = productId, BankId = bankId, ProductName = name, LimitedBy = estimate.LimitedBy, TaxYear = estimate.TaxYear };
        if (estimate.EstimateFen is { } fen)
        {
            proto.EstimateFen = fen;
        }

        proto.Parts.AddRange(estimate.Parts.Select(p => new V1.PreCreditPart { Name = p.Name, AmountFen = p.AmountFen, Formula = p.Formula }));
        return proto;
    }

    public static V1.Application ToProto(Model.Application a) => ToProto(a, id => id ?? string.Empty);

    // The banks' names on what a need, an explanation or an estimate names them by id.
    public static IEnumerable<string> BankIds(FinancingNeed need) =>
        need.Matches.Select(m => m.BankId).Concat(need.NearestMisses.Select(e => e.BankId));

    public static FinancingNeed WithBankNames(this FinancingNeed need, Func<string?, string> bankName)
    {
        foreach (var match in need.Matches)
        {
            match.BankName = bankName(match.BankId);
            if (match.PreCredit is { } estimate)
            {
                estimate.BankName = match.BankName;
            }
        }

        foreach (var miss in need.NearestMisses)
        {
            miss.BankName = bankName(miss.BankId);
        }

        return need;
    }

    public static V1.Application ToProto(Model.Application a, Func<string?, string> bankName) => new V1.Application()
    {
        ApplicationId = a.ApplicationId,
        NeedId = a.NeedId,
        ProductId = a.Product.ProductId,
        ProductName = a.Product.Name,
        BankId = a.BankId,
        Uscc = a.Uscc,
        RegionCode = a.RegionCode,
        IndustryCode = a.Enterprise.IndustryCode,
        SizeClass = ProtoEnums.ToProto<Proto.SizeClass>(a.Enterprise.SizeClass),
        SizeClassVerifiedBy = a.Enterprise.Verified?.Size ?? string.Empty,
        TaxRatingVerifiedBy = a.Enterprise.Verified?.Rating ?? string.Empty,
        ProductKind = ProtoEnums.ToProto<Proto.ProductKind>(a.Product.Kind),
        SubsidyEligible = a.Product.SubsidyEligible,
        Status = ProtoEnums.ToProto<V1.ApplicationStatus>(a.Status),
        LoanId = a.Status == Model.ApplicationStatus.Approved ? LoanIds.ForApplication(a.ApplicationId) : string.Empty,
        SubmittedAt = Instant(a.SubmittedAt),
        DecideBy = Dates.Day(a.DecideBy),
        DecidedAt = a.DecidedAt is { } at ? Instant(at) : string.Empty,
        RejectionReason = a.RejectionReason ?? string.Empty,
        Deal = a.Deal is { } d
            ? new V1.Deal { GrantedAmountFen = d.GrantedAmountFen, AnnualRateBp = d.AnnualRateBp, TermMonths = d.TermMonths, ContractDate = Dates.Day(d.ContractDate) }
            : null,
        RequestedAmountFen = a.RequestedAmountFen,
        RequestedTermMonths = a.RequestedTermMonths,
        MinAmountFen = a.Product.MinAmountFen,
        MaxAmountFen = a.Product.MaxAmountFen,
        MinTermMonths = a.Product.MinTermMonths,
        MaxTermMonths = a.Product.MaxTermMonths,
        Version = a.Version,
        EnterpriseName = a.Enterprise.Name,
        BankName = bankName(a.BankId),
        Origin = ProtoEnums.ToProto<V1.ApplicationOrigin>(a.Origin),
        Round = a.Round ?? 0,
        ContactBy = a.ContactBy is { } contactBy ? Dates.Day(contactBy) : string.Empty,
        PromisedDecisionBy = a.PromisedDecisionBy is { } promised ? Dates.Day(promised) : string.Empty,
        Contact = a.Contact is { } c
            ? new ContactRecord { Channel = ProtoEnums.ToProto<ContactChannel>(c.Channel), Note = c.Note, At = Instant(c.At), WorkingMinutes = c.WorkingMinutes }
            : null,
        Rejection = a.Status == Model.ApplicationStatus.Rejected ? Rejection(a) : null,
        WithdrawnReason = a.WithdrawnReason ?? string.Empty,
        ReferredAt = a.ReferredAt is { } referred ? Instant(referred) : string.Empty,
        ViaReferral = a.ViaReferral,
        Purpose = a.Purpose ?? string.Empty,
        CollateralAvailable = a.CollateralAvailable ?? false,
        IndustryName = IndustryCode.Name(a.Enterprise.IndustryCode),
    }.WithMinutes(a);

    private static V1.Application WithMinutes(this V1.Application proto, Model.Application a)
    {
        if (a.WorkingMinutesToTake is { } take)
        {
            proto.WorkingMinutesToTake = take;
        }

        if (a.WorkingMinutesToDecide is { } decide)
        {
            proto.WorkingMinutesToDecide = decide;
        }

        return proto;
    }

    // Rejections made before codes carry none: OTHER, with the bank's words.
    private static V1.Rejection Rejection(Model.Application a)
    {
        var code = a.RejectionCode ?? Model.RejectionCode.Other;
        var (meaning, change) = Model.RejectionCodes.Explain(code);
        return new V1.Rejection
        {
            Code = ProtoEnums.ToProto<V1.Rejection.Types.Code>(code),
            Reason = a.RejectionReason ?? string.Empty,
            Meaning = meaning,
            WhatWouldChange = change,
        };
    }

    public static WorkingCalendarYear ToProto(int year, WorkingCalendar calendar, Model.CalendarYear? recorded)
    {
        var proto = new WorkingCalendarYear
        {
            Year = year,
            NoticeKnown = calendar.Years.Contains(year),
            Source = recorded?.Source ?? (calendar.Years.Contains(year) ? "built in: State Council notice" : string.Empty),
            UpdatedBy = recorded?.UpdatedBy ?? string.Empty,
            UpdatedAt = recorded is { } r ? Instant(r.UpdatedAt) : string.Empty,
            Reason = recorded?.Reason ?? string.Empty,
        };
        proto.Holidays.AddRange(calendar.HolidaysIn(year).Select(Dates.Day));
        proto.WorkingWeekendDays.AddRange(calendar.WorkingWeekendDaysIn(year).Select(Dates.Day));
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

}
