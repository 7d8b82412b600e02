using System.Text.Json.Serialization;

namespace FinanceMarket.Matching.Model;

// Details are the reasons as data, and the English sentences are written from them when read; needs
// stored before details existed carry only Reasons.
public sealed record StoredMatch(
    string ProductId,
    string BankId,
    string ProductName,
    int Score,
    int EstimatedRateBp,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Reasons,
    IReadOnlyList<ScorePart> Parts,
    IReadOnlyList<Reason>? Details = null)
{
    [JsonIgnore]
    public IReadOnlyList<string> English => Details is { } details ? [.. details.Select(d => d.ToEnglish())] : Reasons ?? [];

    [JsonIgnore]
    public RankKey Key => new(Score, EstimatedRateBp, ProductId);

    // The product's pre-credit estimate for the enterprise as it was matched (when the product declares a formula).
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public PreCreditEstimate? PreCredit { get; init; }

    public static StoredMatch From(Engine.Match m, FinancingRequest need, LoanPrimeRate lpr, EnterpriseProfile enterprise) =>
        new(m.Product.ProductId, m.Product.BankId, m.Product.Name, m.Score, m.EstimatedRateBp, null, m.Parts, MatchReasons.Details(m, need, lpr, enterprise))
        {
            PreCredit = PreCredits.Estimate(m.Product, enterprise),
        };
}

public sealed record StoredExclusion(
    string ProductId,
    string BankId,
    string ProductName,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Reasons,
    IReadOnlyList<Reason>? Details = null)
{
    [JsonIgnore]
    public IReadOnlyList<string> English => Details is { } details ? [.. details.Select(d => d.ToEnglish())] : Reasons ?? [];

    public static StoredExclusion From(Exclusion e) => new(e.Product.ProductId, e.Product.BankId, e.Product.Name, null, e.Details);
}

// A financing need with the answer it got, kept so that the enterprise can read it again and an official
// can see what it was offered. Bounded whatever the shelf's size (Fit): the counts, the best matches that
// fit in MaxStoredBytes (later pages are ranked against the shelf when read) and the nearest misses.
public sealed record Need(
    string NeedId,
    string Uscc,
    EnterpriseProfile Enterprise,
    long AmountFen,
    int TermMonths,
    string Purpose,
    bool CollateralAvailable,
    IReadOnlyList<StoredMatch> Matches,
    IReadOnlyList<StoredExclusion>? NearestMisses,
    LoanPrimeRate Lpr,
    bool ShelfStale,
    DateTimeOffset? ShelfAsOf,
    DateTimeOffset CreatedAt)
{
    public const int MaxStoredBytes = 32 * 1024;

    // Null in needs stored before the answer was bounded, which held every match.
    public int? MatchCount { get; init; }

    public int? ExcludedCount { get; init; }

    public IReadOnlyList<ReasonCount>? ExcludedByReason { get; init; }

    // Needs stored before the answer was bounded listed every product left out; read, never written.
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<StoredExclusion>? Excluded { get; init; }

    [JsonIgnore]
    public int Matched => MatchCount ?? Matches.Count;

    // The counts and misses, from the full list of an older need where it has no counts of its own.
    [JsonIgnore]
    public int Unmatched => ExcludedCount ?? Excluded?.Count ?? 0;

    [JsonIgnore]
    public IReadOnlyList<ReasonCount> UnmatchedByReason => ExcludedByReason
        ?? [.. (Excluded ?? []).SelectMany(e => e.Details ?? []).GroupBy(d => d.Code).OrderBy(g => g.Key).Select(g => new ReasonCount(g.Key, g.Count()))];

    [JsonIgnore]
    public IReadOnlyList<StoredExclusion> Misses => NearestMisses
        ?? [.. (Excluded ?? []).Where(e => e.English.Count == 1).Take(MatchQuery.MaxNearestMisses)];

    [JsonIgnore]
    public EnterpriseProfile Profile => Enterprise;

    [JsonIgnore]
    public FinancingRequest Request => new(AmountFen, TermMonths, CollateralAvailable);

    // A need as posted and matched now: the best matches ranked against what was asked, the nearest misses
    // and the counts, bounded to MaxStoredBytes.
    public static Need Posted(
        string needId, string uscc, EnterpriseProfile enterprise, FinancingRequest asked, string? purpose, MatchSummary summary,
        LoanPrimeRate lpr, bool shelfStale, DateTimeOffset? shelfAsOf, DateTimeOffset now, Func<object, int> size) =>
        Fit(
            new Need(
                needId, uscc, enterprise, asked.AmountFen, asked.TermMonths, purpose?.Trim() ?? string.Empty, asked.CollateralAvailable,
                [.. summary.Matches.Select(m => StoredMatch.From(m, asked, lpr, enterprise))], [.. summary.NearestMisses.Select(StoredExclusion.From)],
                lpr, shelfStale, shelfAsOf, now)
            {
                MatchCount = summary.MatchCount,
                ExcludedCount = summary.ExcludedCount,
                ExcludedByReason = summary.ExcludedByReason,
            },
            size);

    // The need as stored within `bytes` (as serialized): the counts and inputs always; then matches and
    // misses from the worst up are dropped, the longer list first, until it fits. Ordinary names keep about
    // 40 matches and the 20 misses; names of 200 characters (an entry about 1.3 KB) about 10 of each.
    public static Need Fit(Need need, Func<object, int> size, int bytes = MaxStoredBytes)
    {
        if (size(need) <= bytes)
        {
            return need;
        }

        var misses = need.NearestMisses ?? [];
        var total = size(need with { Matches = [], NearestMisses = [] });
        var matchSizes = need.Matches.Select(m => size(m) + 1).ToList();
        var missSizes = misses.Select(m => size(m) + 1).ToList();
        total += matchSizes.Sum() + missSizes.Sum();
        int keptMatches = matchSizes.Count, keptMisses = missSizes.Count;
        while (total > bytes && keptMatches + keptMisses > 0)
        {
            total -= keptMatches >= keptMisses ? matchSizes[--keptMatches] : missSizes[--keptMisses];
        }

        return need with { Matches = [.. need.Matches.Take(keptMatches)], NearestMisses = [.. misses.Take(keptMisses)] };
    }
}
