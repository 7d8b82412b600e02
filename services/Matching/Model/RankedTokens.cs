using System.Globalization;

namespace FinanceMarket.Matching.Model;

// Page tokens of ranked lists (a need's matches, recommendations): where the last page ended, as two
// numbers of its order and the product id, opaque to clients.
public static class RankedTokens
{
    public static string Token(RankKey? next) => next is null ? string.Empty : Token(next.Score, next.EstimatedRateBp, next.ProductId);

    public static string Token(ShelfKey? next) => next is null ? string.Empty : Token(next.Points, next.RateSpreadBp, next.ProductId);

    public static RankKey? RankAfter(Violations violations, string? token) =>
        After(violations, token) is { } key ? new RankKey(key.First, key.Second, key.ProductId) : null;

    public static ShelfKey? ShelfAfter(Violations violations, string? token) =>
        After(violations, token) is { } key ? new ShelfKey(key.First, key.Second, key.ProductId) : null;

    private static string Token(int first, int second, string productId) =>
        Paging.Token(string.Create(CultureInfo.InvariantCulture, $"{first}:{second}:{productId}"));

    private static (int First, int Second, string ProductId)? After(Violations violations, string? token)
    {
        if (Paging.After(violations, token) is not { } key)
        {
            return null;
        }

        var parts = key.Split(':');
        if (parts.Length == 3
            && int.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var first)
            && int.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var second)
            && Guid.TryParse(parts[2], out _))
        {
            return (first, second, parts[2]);
        }

        violations.Add("pageToken", Reasons.BadPageToken, "is not a token this service issued");
        return null;
    }
}
