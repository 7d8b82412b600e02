using Proto = FinanceMarket.Common.V1;

namespace FinanceMarket.Matching.Grpc;

// A reason's values onto the wire: the group its code sets becomes the one case of the oneof.
internal static class ReasonMapping
{
    public static V1.Reason ToProto(Engine.Reason reason)
    {
        var proto = new V1.Reason { Code = ProtoEnums.ToProto<V1.ReasonCode>(reason.Code) };
        if (reason.SizeClass is { } size)
        {
            proto.SizeClass = new V1.SizeClassRequirement { Actual = ProtoEnums.ToProto<Proto.SizeClass>(size.Actual) };
            proto.SizeClass.Required.AddRange(size.Required.Select(s => ProtoEnums.ToProto<Proto.SizeClass>(s)));
        }
        else if (reason.Industry is { } industry)
        {
            proto.Industry = Codes(industry);
        }
        else if (reason.Region is { } region)
        {
            proto.Region = Codes(region);
        }
        else if (reason.YearsInOperation is { } years)
        {
            proto.YearsInOperation = new V1.YearsRequirement { Required = years.Required, Actual = years.Actual };
        }
        else if (reason.TaxRating is { } rating)
        {
            proto.TaxRating = new V1.TaxRatingRequirement { Required = ProtoEnums.ToProto<Proto.TaxCreditRating>(rating.Required), Actual = ProtoEnums.ToProto<Proto.TaxCreditRating>(rating.Actual) };
        }
        else if (reason.Amount is { } amount)
        {
            proto.Amount = new V1.AmountRange { AmountFen = amount.AmountFen, MinAmountFen = amount.MinAmountFen, MaxAmountFen = amount.MaxAmountFen };
        }
        else if (reason.Term is { } term)
        {
            proto.Term = new V1.TermRange { TermMonths = term.TermMonths, MinTermMonths = term.MinTermMonths, MaxTermMonths = term.MaxTermMonths };
        }
        else if (reason.Rate is { } rate)
        {
            proto.Rate = new V1.RateEstimate { EstimatedRateBp = rate.EstimatedRateBp, LprBp = rate.LprBp, RateSpreadBp = rate.RateSpreadBp };
        }
        else if (reason.DecisionSlaDays is { } days)
        {
            proto.DecisionSlaDays = days;
        }
        else if (reason.EnforcementRecords is { } records)
        {
            proto.EnforcementRecords = records;
        }
        else if (reason.Verified is { } verified)
        {
            proto.Verified = new V1.VerifiedValue { Rule = ProtoEnums.ToProto<V1.ReasonCode>(verified.Rule), Value = verified.Value };
        }

        if (reason.VerifiedBy is { } source)
        {
            proto.VerifiedBy = source;
        }

        return proto;
    }

    private static V1.CodeRequirement Codes(Engine.Requirement<IReadOnlyList<string>, string> codes)
    {
        var proto = new V1.CodeRequirement { Actual = codes.Actual };
        proto.Required.AddRange(codes.Required);
        return proto;
    }
}
