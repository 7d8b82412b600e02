using System.Security.Cryptography;
using System.Text;
using FinanceMarket.Credit.Model;
using FinanceMarket.ServiceDefaults.Storage;

namespace FinanceMarket.Credit.Infrastructure;

// The keys both stores sort and page by; a page token is one of them, so they stay short.
internal static class CreditKeys
{
    // Newest first and unique: the instant, then a digest of who sent which batch. The names themselves
    // (a provider's subject and a batch id, each up to 100 characters of any script) made tokens longer
    // than the paging accepts.
    public static string List(ImportResult result) =>
        SqliteDatabase.Instant(result.ImportedAt) + "|"
        + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(result.ProviderId + "\n" + result.BatchId)))[..24];

    // Flags are raised only on tax years and social-insurance months, so the key stays short.
    public static string Record(StoredRecord r) => r.Uscc + "|" + r.Kind.Wire() + "|" + r.Key;

    public static string Discrepancy(Discrepancy d) => d.RegionCode + "|" + d.Uscc + "|" + d.Field.Wire();
}
