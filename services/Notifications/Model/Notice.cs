namespace FinanceMarket.Notifications.Model;

[WireNames]
public enum NoticeKind
{
    NeedTaken = 1,
    ApplicationContacted = 2,
    ApplicationApproved = 3,
    ApplicationRejected = 4,
    ApplicationExpired = 5,
    SubsidyPaid = 6,
    OpportunityDigest = 7,
    ApplicationReceived = 8,
    StepDueSoon = 9,
    StepOverdue = 10,
    BroadcastUntaken = 11,
    // To the enterprise: a bank (under its consent) or an official read its credit data.
    CreditDataRead = 12,
    // To the bank: an enterprise let it read its credit data, or withdrew that.
    CreditConsentGranted = 13,
    CreditConsentRevoked = 14,
    // To the officials of the provider's region: a batch of credit data had records refused or flagged.
    CreditDataImported = 15,
}

[WireNames]
public enum AudienceKind
{
    Enterprise,
    Bank,
    // Every official whose region covers the code.
    Region,
}

// Whose inbox a notice is in: an enterprise (by credit code), a bank, or the officials of a region.
public sealed record Audience(AudienceKind Kind, string Id)
{
    public static Audience Enterprise(string uscc) => new(AudienceKind.Enterprise, uscc);

    public static Audience Bank(string bankId) => new(AudienceKind.Bank, bankId);

    public static Audience Region(string regionCode) => new(AudienceKind.Region, regionCode);

    // One string per inbox for the stores' keys.
    public string Key => Kind switch
    {
        AudienceKind.Enterprise => "E:",
        AudienceKind.Bank => "B:",
        _ => "R:",
    } + Id;
}

// What a notice is about; the ids the pages link from and the names are looked up by.
public sealed record NoticeAbout
{
    public string? NeedId { get; init; }

    public string? ApplicationId { get; init; }

    public string? ClaimId { get; init; }

    public string? StepId { get; init; }

    public string? BankId { get; init; }

    public string? Uscc { get; init; }

    // The enterprise's name as the event gave it (an enterprise is not told its own name).
    public string? EnterpriseName { get; init; }

    public string? RegionCode { get; init; }

    public long AmountFen { get; init; }

    // A rejection's code, a contact's channel, a step's kind.
    public string? Code { get; init; }

    // A step's due day, a digest's day, a consent's last day.
    public string? Day { get; init; }

    // Who read credit data (a bank's id is BankId; an official's region), a batch's provider and id.
    public string? ReaderRole { get; init; }

    public string? ConsentId { get; init; }

    public string? BatchId { get; init; }

    public string? ProviderId { get; init; }

    // A batch's records refused and flagged.
    public int Refused { get; init; }

    public int Flagged { get; init; }
}

// A notice as its inbox keeps it. Key makes it once-only: the event (or the bank's day, for a digest) it
// came from, so a redelivered event adds nothing. Count is the needs a digest counts.
public sealed record Notice(
    string NotificationId,
    string Key,
    NoticeKind Kind,
    Audience To,
    NoticeAbout About,
    int Count,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

// A notice as one reader sees it.
public sealed record InboxItem(Notice Notice, bool Read);

// What an event asks for: a notice in one inbox, sent on by webhook to a bank and by SMS where a number is
// set. A digest draft (DigestNeedId set) counts one more need in the bank's notice of the day, once per need.
public sealed record NoticeDraft(string Key, NoticeKind Kind, Audience To, NoticeAbout About, string? DigestNeedId = null)
{
    // What a webhook delivery of it says it is: a digest's deliveries are each one opportunity.
    public string WebhookType => Kind == NoticeKind.OpportunityDigest ? "OPPORTUNITY" : Kind.Wire();
}

// Which inbox a reader lists: an enterprise's or bank's own, or every region notice under an official's region.
public sealed record InboxQuery(AudienceKind Kind, string Id, string Reader, bool UnreadOnly);
