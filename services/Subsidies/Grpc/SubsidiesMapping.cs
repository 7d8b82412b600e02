using static FinanceMarket.Domain.Dates;
using System.Globalization;
using FinanceMarket.Subsidies.V1;
using Proto = FinanceMarket.Common.V1;

namespace FinanceMarket.Subsidies.Grpc;

// Between the wire (proto messages) and the model; enum values map by name (ProtoEnums), and a request's raw
// lists stay numbers until the model validates them.
internal static class SubsidiesMapping
{
    public static Model.ProgramRequest ToRequest(IProgramRequest r) => new(
        r.Name, (int)r.RateRule, r.RateBp, r.ShareOfContractRateBp, r.MaxPrincipalFen, r.MaxMonths, r.BudgetFen, r.ContractFrom, r.ContractTo,
        r.Eligibility?.SizeClasses.Select(s => (int)s).ToList() ?? [],
        r.Eligibility?.IndustryCodes.ToList() ?? [],
        r.Eligibility?.ProductKinds.Select(k => (int)k).ToList() ?? [],
        [.. r.FundingShares.Select(s => new Model.FundingShare(s.Payer, s.ShareBp))],
        r.RegionCode, r.DayCountBasis);

    public static LprQuote ToProto(Model.LprQuote q)
    {
        var proto = new LprQuote
        {
            EffectiveOn = Dates.Day(q.EffectiveOn),
            OneYearBp = q.OneYearBp,
            FiveYearBp = q.FiveYearBp,
            RecordedBy = q.RecordedBy,
            RecordedAt = Instant(q.RecordedAt),
        };
        proto.Corrections.AddRange((q.Corrections ?? []).Select(c => new LprCorrection
        {
            PreviousOneYearBp = c.PreviousOneYearBp,
            PreviousFiveYearBp = c.PreviousFiveYearBp,
            CorrectedBy = c.CorrectedBy,
            Reason = c.Reason,
            CorrectedAt = Instant(c.CorrectedAt),
        }));
        return proto;
    }

    public static V1.Program ToProto(Model.SubsidyProgram p)
    {
        var eligibility = new ProgramEligibility();
        eligibility.SizeClasses.AddRange(p.Eligibility.SizeClasses.Select(s => ProtoEnums.ToProto<Proto.SizeClass>(s)));
        eligibility.IndustryCodes.AddRange(p.Eligibility.IndustryCodes);
        eligibility.ProductKinds.AddRange(p.Eligibility.ProductKinds.Select(k => ProtoEnums.ToProto<Proto.ProductKind>(k)));
        var proto = new V1.Program
        {
            ProgramId = p.ProgramId,
            Name = p.Name,
            RateRule = ProtoEnums.ToProto<RateRule>(p.RateRule),
            RateBp = p.RateBp,
            ShareOfContractRateBp = p.ShareOfContractRateBp,
            MaxPrincipalFen = p.MaxPrincipalFen,
            MaxMonths = p.MaxMonths,
            BudgetFen = p.BudgetFen,
            ContractFrom = Dates.Day(p.ContractFrom),
            ContractTo = Dates.Day(p.ContractTo),
            Eligibility = eligibility,
            RegionCode = p.RegionCode,
            DayCountBasis = p.DayCountBasis,
            ReservedFen = p.ReservedFen,
            PaidFen = p.PaidFen,
            RemainingFen = p.RemainingFen,
            CreatedBy = p.CreatedBy,
            CreatedAt = Instant(p.CreatedAt),
            Version = p.Version,
            Status = ProtoEnums.ToProto<V1.ProgramStatus>(p.Closed is null ? Model.ProgramStatus.Open : Model.ProgramStatus.Closed),
            ClosedBy = p.Closed?.By ?? string.Empty,
            ClosedAt = p.Closed is { } closed ? Instant(closed.At) : string.Empty,
            CloseReason = p.Closed?.Reason ?? string.Empty,
            ClaimsMade = p.ClaimsMade,
            UpdatedAt = p.UpdatedAt is { } updated ? Instant(updated) : string.Empty,
        };
        proto.FundingShares.AddRange(p.FundingShares.Select(s => new V1.FundingShare { Payer = s.Payer, ShareBp = s.ShareBp }));
        return proto;
    }

    public static V1.Claim ToProto(Model.Claim c)
    {
        var proto = new V1.Claim
        {
            ClaimId = c.ClaimId,
            ProgramId = c.ProgramId,
            ApplicationId = c.ApplicationId,
            PeriodStart = Dates.Day(c.PeriodStart),
            PeriodEnd = Dates.Day(c.PeriodEnd),
            AmountFen = c.AmountFen,
            Status = ProtoEnums.ToProto<V1.ClaimStatus>(c.Status),
            Uscc = c.Uscc,
            BankId = c.BankId,
            RegionCode = c.RegionCode,
            IndustryCode = c.IndustryCode,
            PrincipalFen = c.PrincipalFen,
            RejectionReason = c.RejectionReason ?? string.Empty,
            Days = c.Days,
            SubsidisedRateBpNumerator = c.RateNumerator,
            SubsidisedRateBpDenominator = c.RateDenominator,
            Calculation = c.Calculation,
            SubmittedAt = Instant(c.SubmittedAt),
            DecidedAt = c.DecidedAt is { } d ? Instant(d) : string.Empty,
            ApprovedBy = c.ApprovedBy ?? string.Empty,
            PaidBy = c.PaidBy ?? string.Empty,
            PaidAt = c.PaidAt is { } p ? Instant(p) : string.Empty,
            Version = c.Version,
            ProgramName = c.ProgramName ?? string.Empty,
            EnterpriseName = c.EnterpriseName ?? string.Empty,
            BankName = c.BankName ?? string.Empty,
        };
        proto.FundingShares.AddRange(c.Payers.Select(s => new V1.FundingShare { Payer = s.Payer, ShareBp = s.ShareBp }));
        proto.PayerAmounts.AddRange(c.Payers.Select(s => new V1.PayerAmount { Payer = s.Payer, AmountFen = s.AmountFen }));
        proto.Segments.AddRange(c.Segments.Select(ToProto));
        return proto;
    }

    private static V1.ClaimSegment ToProto(Model.ClaimSegment s) => new()
    {
        From = Dates.Day(s.From), To = Dates.Day(s.To), PrincipalFen = s.PrincipalFen, Days = s.Days, AmountFen = s.ExactFen,
    };

    public static ClaimQuote ToQuote(Model.Claim c, long remainingFen)
    {
        var quote = new ClaimQuote
        {
            ProgramId = c.ProgramId,
            ApplicationId = c.ApplicationId,
            PeriodStart = Dates.Day(c.PeriodStart),
            PeriodEnd = Dates.Day(c.PeriodEnd),
            AmountFen = c.AmountFen,
            PrincipalFen = c.PrincipalFen,
            Days = c.Days,
            SubsidisedRateBpNumerator = c.RateNumerator,
            SubsidisedRateBpDenominator = c.RateDenominator,
            DayCountBasis = c.DayCountBasis,
            Calculation = c.Calculation,
            RemainingFen = remainingFen,
        };
        quote.PayerAmounts.AddRange(c.Payers.Select(s => new V1.PayerAmount { Payer = s.Payer, AmountFen = s.AmountFen }));
        quote.Segments.AddRange(c.Segments.Select(ToProto));
        return quote;
    }

    public static V1.AuditEntry ToProto(Model.AuditEntry e) => new()
    {
        Seq = e.Seq,
        Id = e.Id.ToString(),
        At = Instant(e.At),
        ActorRole = e.ActorRole,
        ActorSubject = e.ActorSubject,
        ActorRegion = e.ActorRegion,
        Action = e.Action,
        RegionCode = e.RegionCode,
        Target = e.Target,
        Before = e.Before ?? string.Empty,
        After = e.After ?? string.Empty,
        Reason = e.Reason ?? string.Empty,
        PreviousHash = e.PreviousHash,
        Hash = e.Hash,
    };

}
