namespace FinanceMarket.Matching.Model;

// A need's matches read in pages, best first. The matches the need stored are read as they were answered;
// past them (a need with more matches than its bound keeps), the rest are ranked against the shelf as it
// is now, on the enterprise and the need as they were posted, from where the stored ones (or the last
// page) ended. A page is full whenever there are matches enough.
public static class NeedPages
{
    public sealed record MatchPage(IReadOnlyList<StoredMatch> Matches, RankKey? Next);

    // Whether the page goes past what the need stored, into matches ranked when read.
    public static bool ReadsShelf(Need need, int size, RankKey? after) =>
        need.Matches.Count < need.Matched && Start(need, after) + size > need.Matches.Count;

    public static MatchPage Read(Need need, ShelfIndex? shelf, int size, RankKey? after)
    {
        var stored = need.Matches;
        var start = Start(need, after);
        var page = stored.Skip(start).Take(size).ToList();
        if (!ReadsShelf(need, size, after))
        {
            var more = stored.Count < need.Matched || start + page.Count < stored.Count;
            return new MatchPage(page, more && page.Count > 0 ? page[^1].Key : null);
        }

        // The rest of the page from the shelf, after the last match it holds so far (or the cursor past the stored ones).
        var from = page.Count > 0 ? page[^1].Key : after ?? (stored.Count > 0 ? stored[^1].Key : null);
        // The stored matches are never shown twice, even if their bank has edited them into a later place since
        // (one edited into an earlier place is not shown again either: pages move forward only).
        var ranked = (shelf ?? throw new ArgumentNullException(nameof(shelf)))
            .Match(need.Profile, need.Request, need.Lpr, new MatchQuery(size - page.Count, from, NearestMisses: 0)
            {
                Shown = stored.Select(m => m.ProductId).ToHashSet(StringComparer.Ordinal),
            });
        page.AddRange(ranked.Matches.Select(m => StoredMatch.From(m, need.Request, need.Lpr, need.Profile)));
        return new MatchPage(page, ranked.More && page.Count > 0 ? page[^1].Key : null);
    }

    private static int Start(Need need, RankKey? after)
    {
        var start = 0;
        while (after is not null && start < need.Matches.Count
            && Scoring.Compare(need.Matches[start].Score, need.Matches[start].EstimatedRateBp, need.Matches[start].ProductId, after.Score, after.EstimatedRateBp, after.ProductId) <= 0)
        {
            start++;
        }

        return start;
    }
}
