using FinanceMarket.Totals.Model;
using FinanceMarket.Totals.V1;
using Grpc.Core;

namespace FinanceMarket.Totals.Grpc;

// The banks' scorecards: each bank's own, and the league table of a region's banks.
internal sealed partial class TotalsService
{
    public override async Task<V1.Scorecard> GetBankScorecard(GetBankScorecardRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        var violations = new Violations();
        var (from, to) = Period(violations, request.From, request.To);
        string region;
        if (caller.IsBank)
        {
            if (caller.Subject != request.BankId)
            {
                Caller.Deny($"Only bank {request.BankId} itself or officials of the region may read its scorecard.");
            }

            violations.Require(RegionCode.IsPrefix(request.RegionCode), "regionCode", Reasons.RegionPrefix, "must be a region code or its 2- or 4-digit prefix",
                ("got", Problem.Shown(request.RegionCode)));
            violations.ThrowIfAny();
            region = request.RegionCode;
        }
        else
        {
            region = caller.RegionToRead(request.RegionCode, "read a bank's scorecard");
            violations.ThrowIfAny();
        }

        var rows = await store.ScoreRowsAsync(region, from, to, context.CancellationToken);
        var card = Model.Scorecard.Of(rows.Select(r => r.Counters)).FirstOrDefault(c => c.BankId == request.BankId) ?? Model.Scorecard.Empty(request.BankId);
        var names = await bankNames.ForAsync([request.BankId], ForwardedCredentials.From(context), context.CancellationToken);
        return ToProto(card, names, region, from, to);
    }

    public override async Task<ListScorecardsResponse> ListScorecards(ListScorecardsRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        var region = caller.RegionToRead(request.RegionCode, "read the banks' scorecards");
        var violations = new Violations();
        var (from, to) = Period(violations, request.From, request.To);
        if (request.SortBy != ListScorecardsRequest.Types.SortBy.Unspecified)
        {
            violations.Defined("sortBy", request.SortBy);
        }

        violations.ThrowIfAny();
        var rows = await store.ScoreRowsAsync(region, from, to, context.CancellationToken);
        var cards = Model.Scorecard.Of(rows.Select(r => r.Counters));
        var names = await bankNames.ForAsync(cards.Select(c => c.BankId), ForwardedCredentials.From(context), context.CancellationToken);
        var response = new ListScorecardsResponse
        {
            RegionCode = region,
            From = Dates.Day(from),
            To = Dates.Day(to),
            UntakenBroadcasts = Model.Scorecard.Untaken(rows.Select(r => r.Counters)),
        };
        response.Scorecards.AddRange(Sort(cards, request.SortBy, request.Ascending).Select(c => ToProto(c, names, region, from, to)));
        return response;
    }

    // By the figure asked for, a bank without it (no decision, no time yet) last; then by bank id.
    private static IEnumerable<Model.Scorecard> Sort(IReadOnlyList<Model.Scorecard> cards, ListScorecardsRequest.Types.SortBy by, bool ascending)
    {
        Func<Model.Scorecard, long?> key = by switch
        {
            ListScorecardsRequest.Types.SortBy.NeedsTaken => c => c.NeedsTaken,
            ListScorecardsRequest.Types.SortBy.ApplicationsReceived => c => c.Applications,
            ListScorecardsRequest.Types.SortBy.ApprovalRate => c => c.ApprovalRateBp,
            ListScorecardsRequest.Types.SortBy.MedianToTake => c => c.MedianMinutesToTake,
            ListScorecardsRequest.Types.SortBy.MedianToContact => c => c.MedianMinutesToContact,
            ListScorecardsRequest.Types.SortBy.MedianToDecide => c => c.MedianMinutesToDecide,
            ListScorecardsRequest.Types.SortBy.Expired => c => c.Expired,
            ListScorecardsRequest.Types.SortBy.ReferralsReceived => c => c.ReferralsReceived,
            _ => c => c.OverdueSteps,
        };
        var known = cards.Where(c => key(c) is not null);
        var ordered = ascending ? known.OrderBy(key) : known.OrderByDescending(key);
        return ordered.ThenBy(c => c.BankId, StringComparer.Ordinal).Concat(cards.Where(c => key(c) is null));
    }

    // The days asked for: 1 January of this year (Asia/Shanghai) to today by default; at most a year.
    private (DateOnly From, DateOnly To) Period(Violations violations, string? from, string? to)
    {
        var today = ChinaTime.Today(time);
        var last = string.IsNullOrEmpty(to) ? today : violations.Date("to", to) ?? today;
        var first = string.IsNullOrEmpty(from) ? new DateOnly(last.Year, 1, 1) : violations.Date("from", from) ?? last;
        if (first > last)
        {
            violations.Add("from", Reasons.AboveField, $"must not be after to ({Dates.Day(last)})", ("field", "to"), ("max", last), ("got", first));
        }
        else if (last > first.AddYears(1))
        {
            violations.Add("to", Reasons.SpanTooLong, $"must be at most a year after from ({Dates.Day(first)})",
                ("field", "from"), ("maxDays", first.AddYears(1).DayNumber - first.DayNumber));
        }

        return (first, last);
    }

    private static V1.Scorecard ToProto(Model.Scorecard c, Func<string?, string> names, string region, DateOnly from, DateOnly to)
    {
        var proto = new V1.Scorecard
        {
            BankId = c.BankId,
            BankName = names(c.BankId),
            RegionCode = region,
            From = Dates.Day(from),
            To = Dates.Day(to),
            NeedsTaken = c.NeedsTaken,
            ReferralsReceived = c.ReferralsReceived,
            ApplicationsReceived = c.Applications,
            Contacted = c.Contacted,
            Approved = c.Approved,
            ApprovedReferrals = c.ApprovedReferrals,
            Rejected = c.Rejected,
            Expired = c.Expired,
            Withdrawn = c.Withdrawn,
            OverdueSteps = c.OverdueSteps,
            ReferredOnward = c.ReferredOnward,
        };
        if (c.ApprovalRateBp is { } rate)
        {
            proto.ApprovalRateBp = rate;
        }

        if (c.MedianMinutesToTake is { } take)
        {
            proto.MedianWorkingMinutesToTake = take;
        }

        if (c.MedianMinutesToContact is { } contact)
        {
            proto.MedianWorkingMinutesToContact = contact;
        }

        if (c.MedianMinutesToDecide is { } decide)
        {
            proto.MedianWorkingMinutesToDecide = decide;
        }

        proto.RejectionsByCode.AddRange(c.RejectedByCode.Select(p => new CodeCount { Code = p.Key, Count = p.Value }));
        proto.OverdueByStep.AddRange(c.OverdueByStep.Select(p => new CodeCount { Code = p.Key, Count = p.Value }));
        return proto;
    }
}
