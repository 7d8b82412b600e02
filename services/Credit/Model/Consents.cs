namespace FinanceMarket.Credit.Model;

[WireNames]
public enum ConsentPurpose
{
    Application = 1,
    PreCredit = 2,
}

// An enterprise's permission for one bank to read its credit data, for a purpose, through ExpiresOn
// (Asia/Shanghai, inclusive), unless revoked before.
public sealed record Consent(
    string ConsentId,
    string Uscc,
    string BankId,
    ConsentPurpose Purpose,
    string? ApplicationId,
    DateTimeOffset GrantedAt,
    DateOnly ExpiresOn,
    DateTimeOffset? RevokedAt = null)
{
    public bool IsLive(DateOnly today) => RevokedAt is null && today <= ExpiresOn;
}

public static partial class ConsentRules
{
    // The catalog's bank ids; \z, not $, so that a final newline is not admitted.
    [System.Text.RegularExpressions.GeneratedRegex(@"^[a-z0-9][a-z0-9-]{1,39}\z")]
    private static partial System.Text.RegularExpressions.Regex BankIdPattern();

    public const int MaxDays = 90;

    private static readonly string[] Purposes = [.. Enum.GetValues<ConsentPurpose>().Select(p => p.Wire())];

    // What an application's consent lasts, from the day it was submitted.
    public const int ApplicationDays = 30;

    public static Consent Grant(
        string uscc, string? bankId, ConsentPurpose? purpose, int unknownPurpose, string? applicationId, string? expiresOn, DateTimeOffset now, DateOnly today, string consentId)
    {
        var v = new Violations();
        v.Require(bankId is not null && BankIdPattern().IsMatch(bankId), "bankId", Reasons.BankIdFormat, "must be a bank id: 2-40 lower-case letters, digits or hyphens");
        if (purpose is null)
        {
            if (unknownPurpose == 0)
            {
                v.Add("purpose", Reasons.Required, "is required: APPLICATION or PRE_CREDIT");
            }
            else
            {
                v.Add("purpose", Reasons.NotOneOf, $"must be APPLICATION or PRE_CREDIT; got {unknownPurpose}", ("allowed", Purposes), ("got", unknownPurpose));
            }
        }

        if (purpose == ConsentPurpose.Application && !Guid.TryParse(applicationId, out _))
        {
            const string needed = "is required for an APPLICATION consent: the id of the application the bank decides";
            if (string.IsNullOrEmpty(applicationId))
            {
                v.Add("applicationId", Reasons.Required, needed);
            }
            else
            {
                v.Add("applicationId", Reasons.NotAnId, needed, ("kind", "application"));
            }
        }
        else if (purpose == ConsentPurpose.PreCredit && !string.IsNullOrEmpty(applicationId))
        {
            v.Add("applicationId", Reasons.NotApplicable, "belongs only to an APPLICATION consent", ("when", "purpose=" + ConsentPurpose.Application.Wire()));
        }

        var until = today.AddDays(ApplicationDays);
        if (!string.IsNullOrEmpty(expiresOn))
        {
            var day = v.Date("expiresOn", expiresOn);
            if (day is { } d && (d < today || d > today.AddDays(MaxDays)))
            {
                v.Add("expiresOn", Reasons.DateOutOfRange, $"must lie between today ({Dates.Day(today)}) and {MaxDays} days ahead ({Dates.Day(today.AddDays(MaxDays))}); got {Dates.Day(d)}",
                    ("min", today), ("max", today.AddDays(MaxDays)), ("got", d));
            }

            until = day ?? until;
        }

        v.ThrowIfAny();
        return new Consent(consentId, uscc, bankId!, purpose!.Value, purpose == ConsentPurpose.Application ? Guid.Parse(applicationId!).ToString() : null, now, until);
    }

    // The consent an application carries: for its bank, 30 days from the day it was submitted.
    public static Consent ForApplication(string uscc, string bankId, string applicationId, DateOnly submittedOn, DateTimeOffset now, string consentId) =>
        new(consentId, uscc, bankId, ConsentPurpose.Application, applicationId, now, submittedOn.AddDays(ApplicationDays));

    // The consent a bank reads under: its live one that lasts longest. Without one, the refusal says why.
    public static Consent Access(string bankId, string uscc, IReadOnlyList<Consent> consents, DateOnly today)
    {
        var mine = consents.Where(c => c.BankId == bankId && c.Uscc == uscc).ToList();
        var live = mine.Where(c => c.IsLive(today)).OrderByDescending(c => c.ExpiresOn).ThenBy(c => c.ConsentId, StringComparer.Ordinal).FirstOrDefault();
        if (live is not null)
        {
            return live;
        }

        var latest = mine.OrderByDescending(c => c.GrantedAt).FirstOrDefault();
        throw new ForbiddenException(latest switch
        {
            null => $"Bank {bankId} has no consent from enterprise {uscc} to read its credit data: the enterprise grants one, or applies with consentToCreditQuery.",
            { RevokedAt: { } revoked } => $"Enterprise {uscc} revoked its consent {latest.ConsentId} to bank {bankId} at {Dates.Instant(revoked)}.",
            _ => $"Bank {bankId}'s consent {latest.ConsentId} from enterprise {uscc} expired after {Dates.Day(latest.ExpiresOn)}.",
        });
    }
}

// One read of an enterprise's credit data by a bank or an official: what, under which consent, when.
public sealed record ProfileRead(
    string ReadId,
    string Uscc,
    string ReaderRole,
    string ReaderId,
    string ReaderName,
    string Scope,
    string? ConsentId,
    ConsentPurpose? Purpose,
    DateTimeOffset ReadAt)
{
    public const string WholeProfile = "CREDIT_PROFILE";
    // The values matching uses in place of the declared ones (a bank's pre-credit estimates, an official's
    // view of the enterprise's recommendations).
    public const string VerifiedValues = "VERIFIED_VALUES";
}
