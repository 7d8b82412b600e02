using System.Buffers.Text;
using System.Text;

namespace FinanceMarket.ServiceDefaults.Validation;

// Keyset paging: the token is the last key of the previous page, opaque to clients.
public static class Paging
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    // A list request's page size and where it starts, both checked: every list endpoint reads them so.
    public static (int PageSize, string? After) Read(Violations violations, int pageSize, string? pageToken) =>
        (PageSize(violations, pageSize), After(violations, pageToken));

    public static int PageSize(Violations violations, int requested)
    {
        if (requested == 0)
        {
            return DefaultPageSize;
        }

        violations.Range("pageSize", requested, 1, MaxPageSize);
        return Math.Clamp(requested, 1, MaxPageSize);
    }

    public static string? After(Violations violations, string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        if (token.Length <= 400 && Base64Url.IsValid(token))
        {
            var key = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            if (key.StartsWith('k'))
            {
                return key[1..];
            }
        }

        violations.Add("pageToken", Domain.Reasons.BadPageToken, "is not a token this service issued");
        return null;
    }

    public static string Token(string? lastKey) =>
        lastKey is null ? string.Empty : Base64Url.EncodeToString(Encoding.UTF8.GetBytes("k" + lastKey));
}

public sealed record Page<T>(IReadOnlyList<T> Items, string? LastKey);

public static class Page
{
    // Stores fetch one row more than asked: its presence says there is a next page.
    public static Page<T> Of<T>(List<T> fetched, int pageSize, Func<T, string> key)
    {
        if (fetched.Count <= pageSize)
        {
            return new Page<T>(fetched, null);
        }

        fetched.RemoveAt(fetched.Count - 1);
        return new Page<T>(fetched, key(fetched[^1]));
    }
}
