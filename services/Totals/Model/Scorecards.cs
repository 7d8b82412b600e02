using System.Globalization;
using System.Security.Cryptography;

namespace FinanceMarket.Totals.Model;

// How fast and how well each bank answers, kept from the market's events. A scorecard row is one region
// (every level of the event's region) and one day (the event's, Asia/Shanghai): scope "S|{region}|{day}".
// Its counters are named "{bankId}|{figure}" (bank "" for what has no bank: a broadcast nobody took), and the
// times are kept whole as counts per value ("{bankId}|take:{minutes}"), so a median over any days is exact.
// They go through the same store as the figures: the event's id is applied once, an application's first
// outcome alone counts.
public static class Scorecards
{
    public const string ScopePrefix = "S|";

    public static string Scope(string region, string day) => $"{ScopePrefix}{region}|{day}";

    public static TotalsChange Taken(NeedTakenIntegrationEvent e) => Change(e.Id, e.RegionCode, e.TakenOn, e.BankId, null,
        (ScoreFigures.NeedsTaken, 1), (ScoreFigures.ReferralsReceived, e.Referral ? 1 : 0), (ScoreFigures.TakeMinutes + Minutes(e.WorkingMinutesToTake), 1));

    public static TotalsChange Submitted(ApplicationSubmittedIntegrationEvent e) =>
        Change(Derived(e.Id), e.RegionCode, e.SubmittedOn, e.BankId, null, (ScoreFigures.Applications, 1));

    public static TotalsChange Contacted(ApplicationContactedIntegrationEvent e) => Change(e.Id, e.RegionCode, e.ContactedOn, e.BankId, null,
        (ScoreFigures.Contacted, 1), (ScoreFigures.ContactMinutes + Minutes(e.WorkingMinutesToContact), 1));

    // An approval published before the market loop has no decision day or time: it counts on its contract day.
    public static TotalsChange Approved(ApplicationApprovedIntegrationEvent e) => Change(Derived(e.Id), e.RegionCode, e.DecidedOn ?? e.ContractDate, e.BankId,
        Outcome(e.ApplicationId), (ScoreFigures.Approved, 1), (ScoreFigures.ApprovedReferrals, e.ViaReferral ? 1 : 0), Time(ScoreFigures.DecideMinutes, e.WorkingMinutesToDecide));

    public static TotalsChange Rejected(ApplicationRejectedIntegrationEvent e) => Change(Derived(e.Id), e.RegionCode, e.DecidedOn, e.BankId,
        Outcome(e.ApplicationId), (ScoreFigures.Rejected, 1), (ScoreFigures.RejectedBy + Code(e.Code), 1), Time(ScoreFigures.DecideMinutes, e.WorkingMinutesToDecide));

    public static TotalsChange Expired(ApplicationExpiredIntegrationEvent e) =>
        Change(Derived(e.Id), e.RegionCode, e.DecideBy, e.BankId, Outcome(e.ApplicationId), (ScoreFigures.Expired, 1));

    public static TotalsChange Withdrawn(ApplicationWithdrawnIntegrationEvent e) =>
        Change(e.Id, e.RegionCode, e.WithdrawnOn, e.BankId, Outcome(e.ApplicationId), (ScoreFigures.Withdrawn, 1));

    // The bank that declined, under which the referral it led to is counted.
    public static TotalsChange Referred(ApplicationReferredIntegrationEvent e) =>
        Change(e.Id, e.RegionCode, e.ReferredOn, e.BankId, null, (ScoreFigures.ReferredOnward, 1));

    // A step of the promise missed: the bank's, or (TAKE) the region's, under bank "".
    public static TotalsChange Overdue(ServiceStepOverdueIntegrationEvent e)
    {
        if (e.Step is not ("TAKE" or "CONTACT" or "DECIDE"))
        {
            throw new ArgumentException($"'{e.Step}' is not a step of the service promise");
        }

        return Change(e.Id, e.RegionCode, e.RaisedOn, e.BankId ?? string.Empty, null, (ScoreFigures.OverdueSteps, 1), (ScoreFigures.OverdueBy + e.Step, 1));
    }

    // The change of an event that also moves the figures has an id of its own, derived from the event's, so
    // that each is applied once whatever happens between the two.
    public static Guid Derived(Guid eventId)
    {
        Span<byte> input = stackalloc byte[20];
        eventId.TryWriteBytes(input);
        "card"u8.CopyTo(input[16..]);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        return new Guid(hash[..16]);
    }

    private static string Outcome(string applicationId) => "scorecard:" + applicationId;

    private static string Code(string? code) => string.IsNullOrEmpty(code) ? "OTHER" : code;

    private static string Minutes(long minutes) =>
        minutes >= 0 ? minutes.ToString(CultureInfo.InvariantCulture) : throw new ArgumentException($"{minutes} working minutes cannot be counted");

    private static (string, long) Time(string figure, long? minutes) => minutes is { } m ? (figure + Minutes(m), 1) : (figure, 0);

    private static TotalsChange Change(Guid id, string regionCode, string? day, string bankId, string? outcome, params (string Figure, long Amount)[] counters)
    {
        if (!RegionCode.IsRegion(regionCode) || bankId.Contains('|', StringComparison.Ordinal))
        {
            throw new ArgumentException($"an event with region '{regionCode}' and bank '{bankId}' cannot be counted");
        }

        if (!DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            throw new ArgumentException($"'{day}' is not a date YYYY-MM-DD");
        }

        var named = counters.Where(c => c.Amount != 0).ToDictionary(c => bankId + "|" + c.Figure, c => c.Amount, StringComparer.Ordinal);
        return new TotalsChange(id, [.. RegionCode.Hierarchy(regionCode).Select(r => Scope(r, day!))], named, [], outcome);
    }
}

// One bank's figures over some days of one region, from its counters of those days.
public sealed record Scorecard(
    string BankId,
    long NeedsTaken,
    long ReferralsReceived,
    long Applications,
    long Contacted,
    long Approved,
    long ApprovedReferrals,
    long Rejected,
    long Expired,
    long Withdrawn,
    long OverdueSteps,
    long ReferredOnward,
    IReadOnlyDictionary<string, long> RejectedByCode,
    IReadOnlyDictionary<string, long> OverdueByStep,
    long? MedianMinutesToTake,
    long? MedianMinutesToContact,
    long? MedianMinutesToDecide)
{
    public static Scorecard Empty(string bankId) => From(bankId, []);

    // Approved among those decided, in basis points (rounded down); null before any decision.
    public int? ApprovalRateBp => Approved + Rejected == 0 ? null : (int)(Approved * 10_000 / (Approved + Rejected));

    // Every bank with a counter in the rows (the region's own "" aside), each summed over the rows.
    public static IReadOnlyList<Scorecard> Of(IEnumerable<IReadOnlyDictionary<string, long>> rows)
    {
        var byBank = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            foreach (var (name, value) in row)
            {
                var bar = name.IndexOf('|', StringComparison.Ordinal);
                if (bar < 0)
                {
                    continue;
                }

                var bank = name[..bar];
                if (!byBank.TryGetValue(bank, out var counters))
                {
                    byBank[bank] = counters = new Dictionary<string, long>(StringComparer.Ordinal);
                }

                counters[name[(bar + 1)..]] = counters.GetValueOrDefault(name[(bar + 1)..]) + value;
            }
        }

        return [.. byBank.Where(b => b.Key.Length > 0).OrderBy(b => b.Key, StringComparer.Ordinal).Select(b => From(b.Key, b.Value))];
    }

    // The broadcasts of the rows that nobody took in time (the region's, under bank "").
    public static long Untaken(IEnumerable<IReadOnlyDictionary<string, long>> rows) =>
        rows.Sum(r => r.GetValueOrDefault("|" + ScoreFigures.OverdueSteps));

    private static Scorecard From(string bankId, Dictionary<string, long> c) => new(
        bankId,
        c.GetValueOrDefault(ScoreFigures.NeedsTaken), c.GetValueOrDefault(ScoreFigures.ReferralsReceived), c.GetValueOrDefault(ScoreFigures.Applications),
        c.GetValueOrDefault(ScoreFigures.Contacted), c.GetValueOrDefault(ScoreFigures.Approved), c.GetValueOrDefault(ScoreFigures.ApprovedReferrals),
        c.GetValueOrDefault(ScoreFigures.Rejected), c.GetValueOrDefault(ScoreFigures.Expired), c.GetValueOrDefault(ScoreFigures.Withdrawn),
        c.GetValueOrDefault(ScoreFigures.OverdueSteps), c.GetValueOrDefault(ScoreFigures.ReferredOnward),
        Tagged(c, ScoreFigures.RejectedBy), Tagged(c, ScoreFigures.OverdueBy),
        Median(c, ScoreFigures.TakeMinutes), Median(c, ScoreFigures.ContactMinutes), Median(c, ScoreFigures.DecideMinutes));

    private static Dictionary<string, long> Tagged(Dictionary<string, long> c, string prefix) =>
        c.Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal) && p.Value != 0)
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ToDictionary(p => p.Key[prefix.Length..], p => p.Value, StringComparer.Ordinal);

    // The lower middle of the values counted (a whole number of minutes, exact whatever the days summed).
    private static long? Median(Dictionary<string, long> c, string prefix)
    {
        var values = c.Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal) && p.Value > 0)
            .Select(p => (Minutes: long.Parse(p.Key[prefix.Length..], CultureInfo.InvariantCulture), Count: p.Value))
            .OrderBy(v => v.Minutes)
            .ToList();
        var total = values.Sum(v => v.Count);
        if (total == 0)
        {
            return null;
        }

        var position = (total - 1) / 2;
        foreach (var (minutes, count) in values)
        {
            if (position < count)
            {
                return minutes;
            }

            position -= count;
        }

        return values[^1].Minutes;
    }
}

// What a scorecard's counters are named after the bank.
public static class ScoreFigures
{
    public const string NeedsTaken = "needsTaken";
    public const string ReferralsReceived = "referralsReceived";
    public const string Applications = "applications";
    public const string Contacted = "contacted";
    public const string Approved = "approved";
    public const string ApprovedReferrals = "approvedReferrals";
    public const string Rejected = "rejected";
    public const string Expired = "expired";
    public const string Withdrawn = "withdrawn";
    public const string OverdueSteps = "overdueSteps";
    public const string ReferredOnward = "referredOnward";
    public const string RejectedBy = "rejected:";
    public const string OverdueBy = "overdue:";
    public const string TakeMinutes = "take:";
    public const string ContactMinutes = "contact:";
    public const string DecideMinutes = "decide:";

}
