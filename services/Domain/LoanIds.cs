using System.Security.Cryptography;
using System.Text;

namespace FinanceMarket.Domain;

// The loan opened at an application's approval has an id both matching (which shows it on the application)
// and the loan ledger derive from the application's, without asking each other.
public static class LoanIds
{
    public static string ForApplication(string applicationId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("loan-of-application:" + applicationId.ToLowerInvariant()));
        // A UUID of version 8 (custom) and the RFC 9562 variant, so it reads and parses as any other id here.
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true).ToString();
    }
}
