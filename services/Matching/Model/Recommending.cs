using System.Globalization;

namespace FinanceMarket.Matching.Model;

// The page token of recommendations: where the last page ended in the shelf's order, opaque to clients.
public static class Recommending
{
    public static string Token(ShelfKey? next) =>
        next is null ? string.Empty : Paging.Token(string.Create(CultureInfo.InvariantCulture, $"{next.Points}:{next.RateSpreadBp}:{next.ProductId}"));

    public static ShelfKey? After(Violations violations, string? token)
    {
        if (Paging.After(violations, token) is not { } key)
        {
            return null;
        }

        var parts = key.Split(':');
        if (parts.Length == 3
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var points)
            && int.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var spread)
            && Guid.TryParse(parts[2], out _))
        {
            return new ShelfKey(points, spread, parts[2]);
        }

        violations.Add("pageToken", "is not a token this service issued");
        return null;
    }
}
