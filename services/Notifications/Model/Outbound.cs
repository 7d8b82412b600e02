using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace FinanceMarket.Notifications.Model;

// How a webhook delivery is signed, so the bank can tell the platform's POSTs from anyone else's and refuse
// a replayed one: HMAC-SHA256 with the bank's secret over "{timestamp}.{body}", the timestamp in Unix
// seconds. A receiver recomputes it over the bytes it received and refuses a timestamp too far from now.
public static class WebhookSignature
{
    public const string TimestampHeader = "X-FinanceMarket-Timestamp";
    public const string SignatureHeader = "X-FinanceMarket-Signature";
    public const string DeliveryHeader = "X-FinanceMarket-Delivery";
    public const string Scheme = "sha256=";

    public static string Sign(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.ASCII.GetBytes(unixSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return Scheme + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    // What a receiver does (the tests' receiver and the docs' example): same signature, in constant time,
    // and a timestamp within the tolerance.
    public static bool Verify(string secret, string? timestamp, string? signature, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance)
    {
        if (!long.TryParse(timestamp, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            || signature is null
            || Math.Abs(now.ToUnixTimeSeconds() - seconds) > tolerance.TotalSeconds)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(secret, seconds, body));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature));
    }
}

public static class OutboundRules
{
    public const int MaxUrlLength = 2000;
    public const int MinSecretLength = 16;
    public const int MaxSecretLength = 256;

    // Attempts before a delivery is given up (FAILED): with a first wait of 30 s, the last comes about an
    // hour after the first.
    public const int MaxAttempts = 8;

    public static readonly TimeSpan LongestWait = TimeSpan.FromHours(1);

    // An address the platform will POST to. Private and loopback addresses (the platform's own services,
    // the cloud's metadata endpoint) and plain http only where the deployment allows them (one machine);
    // a name is checked again against the addresses it resolves to when a delivery connects.
    public static Uri ValidateWebhook(string? url, string? secret, bool allowPrivate)
    {
        var violations = new Violations();
        Uri? uri = null;
        if (string.IsNullOrWhiteSpace(url))
        {
            violations.Add("url", Reasons.Required, "is required");
        }
        else if (url.Length > MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out uri) || uri.Scheme is not ("https" or "http"))
        {
            violations.Add("url", Reasons.UrlFormat, $"must be an absolute https URL of at most {MaxUrlLength} characters", ("max", MaxUrlLength));
        }
        else if (uri.Scheme != "https" && !allowPrivate)
        {
            violations.Add("url", Reasons.UrlNotHttps, "must use https");
        }
        else if (uri.UserInfo.Length > 0 || uri.Fragment.Length > 0)
        {
            violations.Add("url", Reasons.UrlCredentials, "must not carry credentials or a fragment");
        }
        else if (!allowPrivate && (uri.IsLoopback || (IPAddress.TryParse(uri.IdnHost, out var literal) && IsPrivate(literal)) || IsInternalName(uri.IdnHost)))
        {
            violations.Add("url", Reasons.UrlPrivate, "must not point at a loopback or private address or an internal name");
        }

        if (secret is null || secret.Length < MinSecretLength || secret.Length > MaxSecretLength || secret.Any(c => c < '!' || c > '~'))
        {
            violations.Add("secret", Reasons.SecretFormat, $"must be {MinSecretLength} to {MaxSecretLength} printable ASCII characters without spaces",
                ("min", MinSecretLength), ("max", MaxSecretLength));
        }

        violations.ThrowIfAny();
        return uri!;
    }

    // Mainland mobile numbers: 11 digits, starting 13-19.
    public static string ValidatePhone(string? phone)
    {
        var trimmed = phone?.Trim() ?? string.Empty;
        if (trimmed.Length != 11 || trimmed[0] != '1' || trimmed[1] < '3' || !trimmed.All(char.IsAsciiDigit))
        {
            Violations.Fail("phone", Reasons.PhoneFormat, "must be a mainland mobile number: 11 digits starting with 13 to 19");
        }

        return trimmed;
    }

    public static string Mask(string phone) => phone.Length == 11 ? phone[..3] + "****" + phone[7..] : "****";

    // The wait before attempt n+1 after n failed ones: doubling from the first, at most LongestWait.
    public static TimeSpan Backoff(int failedAttempts, TimeSpan first)
    {
        var doubled = first.Ticks * (1L << Math.Clamp(failedAttempts - 1, 0, 20));
        return TimeSpan.FromTicks(Math.Min(doubled, LongestWait.Ticks));
    }

    // Names only a private network resolves: a single label ("mongodb"), and the suffixes of Kubernetes and of
    // local networks. Refused up front, so the delivery log cannot be used to probe which of them exist.
    public static bool IsInternalName(string host)
    {
        var name = host.TrimEnd('.').ToLowerInvariant();
        return !IPAddress.TryParse(name, out _)
            && (!name.Contains('.', StringComparison.Ordinal)
                || InternalSuffixes.Any(suffix => name.EndsWith(suffix, StringComparison.Ordinal)));
    }

    private static readonly string[] InternalSuffixes = [".local", ".localhost", ".internal", ".svc", ".cluster.local", ".home.arpa", ".lan", ".intranet"];

    public static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return true;
        }

        var b = address.GetAddressBytes();
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            // Also the forms that carry an IPv4 address inside (IPv4-compatible ::/96, NAT64 64:ff9b::/96,
            // 6to4 2002::/16): the address they reach cannot be told from here, so they are refused whole.
            var compatible = b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0;
            var nat64 = b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b;
            var sixToFour = b[0] == 0x20 && b[1] == 0x02;
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast || compatible || nat64 || sixToFour;
        }

        return b[0] == 10 || b[0] == 0 || b[0] >= 224
            || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 192 && b[1] == 0 && b[2] == 0)
            || (b[0] == 198 && (b[1] == 18 || b[1] == 19))
            || (b[0] == 169 && b[1] == 254)
            || (b[0] == 100 && b[1] >= 64 && b[1] <= 127);
    }
}
