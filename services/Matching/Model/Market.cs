using System.Text.Json.Serialization;

namespace FinanceMarket.Matching.Model;

// Why a bank declined: the fixed list mirrors the match reasons, so the enterprise is told what the code
// means and what would change it (RejectionCodes). Same numbers as the proto enum.
[WireNames]
public enum RejectionCode
{
    CashFlow = 1,
    Collateral = 2,
    CreditHistory = 3,
    EnforcementRecord = 4,
    IndustryPolicy = 5,
    Documents = 6,
    Amount = 7,
    Term = 8,
    Other = 9,
}

[WireNames]
public enum ContactChannel
{
    Phone = 1,
    Visit = 2,
    Online = 3,
}

// How an application came to its bank: the enterprise applied to the product, or the bank took the
// enterprise's broadcast need (on a first broadcast or on a referral after another bank declined).
[WireNames]
public enum ApplicationOrigin
{
    Applied = 1,
    Taken = 2,
}

[WireNames]
public enum BroadcastStatus
{
    Open = 1,
    Full = 2,
    Withdrawn = 3,
    Closed = 4,
}

// A step of the service promise: TAKE a broadcast need, first CONTACT, DECIDE.
[WireNames]
public enum StepKind
{
    Take = 1,
    Contact = 2,
    Decide = 3,
}

// PENDING until its date; MET on time; OVERDUE once its date passed undone (raised: on the supervision
// list), then MET_LATE when done after all or MISSED when it can no longer be done (the application ended,
// the broadcast closed); CANCELLED when it ended before its date without fault (the enterprise withdrew).
[WireNames]
public enum StepStatus
{
    Pending = 1,
    Met = 2,
    Overdue = 3,
    MetLate = 4,
    Missed = 5,
    Cancelled = 6,
}

public sealed record Contact(ContactChannel Channel, string Note, DateTimeOffset At)
{
    // From the application (or take) to the contact.
    public long WorkingMinutes { get; init; }
}

// A region's service promise in working days ("1-3-5"): take a broadcast need within TakeWithinDays of
// the broadcast; first contact within ContactWithinDays of the take or the application; decide within
// DecideWithinDays of the same. RegionCode "" is the platform's default.
public sealed record ServicePromise(
    string RegionCode,
    int TakeWithinDays,
    int ContactWithinDays,
    int DecideWithinDays,
    string? UpdatedBy,
    DateTimeOffset? UpdatedAt)
{
    public static readonly ServicePromise Default = new(string.Empty, 1, 3, 5, null, null);
}

// One bank's taking of a broadcast need: its application, the round it took in, and whether the enterprise
// has since declined it (then its place is free for another bank).
public sealed record Taker(string BankId, string ProductId, string ApplicationId, DateTimeOffset TakenAt, int Round, bool Declined = false);

// A need sent to every bank with a fitting product. A round is one sending: the first broadcast, then each
// referral, which reaches the fitting banks that neither declined the need nor took it before. Up to
// MaxTakers banks take it per round, first come first served.
public sealed record Broadcast(
    string NeedId,
    string Uscc,
    string RegionCode,
    int MaxTakers,
    int Round,
    bool Withdrawn,
    DateTimeOffset BroadcastAt,
    DateOnly TakeBy,
    DateOnly OpenUntil,
    IReadOnlyList<string> BankIds,
    IReadOnlyList<Taker> Takers,
    IReadOnlyList<string> DeclinedBy,
    string? ReferredFromApplicationId,
    string TakeStepId,
    long Version)
{
    [JsonIgnore]
    public int TakenThisRound => Takers.Count(t => t.Round == Round && !t.Declined);

    public BroadcastStatus StatusOn(DateOnly today) =>
        Withdrawn ? BroadcastStatus.Withdrawn
        : TakenThisRound >= MaxTakers ? BroadcastStatus.Full
        : today > OpenUntil ? BroadcastStatus.Closed
        : BroadcastStatus.Open;

    public bool Reaches(string bankId) => BankIds.Contains(bankId, StringComparer.Ordinal);

    public bool HasTaken(string bankId) => Takers.Any(t => t.BankId == bankId);
}

// What a bank sees of a broadcast need before taking it: the need and the enterprise's profile, not who
// it is. One per need and bank, for the latest round that reached the bank; listed while open (the bank has
// not taken it, the broadcast is neither full nor withdrawn) and inside its window.
public sealed record Opportunity(
    string NeedId,
    string BankId,
    int Round,
    long AmountFen,
    int TermMonths,
    string Purpose,
    bool CollateralAvailable,
    SizeClass SizeClass,
    string IndustryCode,
    string RegionCode,
    int YearsInOperation,
    IReadOnlyList<OpportunityProduct> Products,
    int MaxTakers,
    DateTimeOffset BroadcastAt,
    DateOnly TakeBy,
    DateOnly OpenUntil);

// Opens or closes a need's opportunity for one bank, or for every bank (BankId null).
public sealed record OpportunitySwitch(string NeedId, string? BankId, bool Open);

public sealed record OpportunityProduct(string ProductId, string Name, int EstimatedRateBp);

public sealed record SupervisionNote(string By, string Region, string Text, DateTimeOffset At);

// A step of the promise being watched. Those raised (RaisedOn set) are the officials' supervision list.
public sealed record ServiceStep(
    string StepId,
    StepKind Kind,
    string NeedId,
    string? ApplicationId,
    string? BankId,
    string Uscc,
    string EnterpriseName,
    string RegionCode,
    string IndustryCode,
    DateTimeOffset StartedAt,
    DateOnly DueOn,
    DateOnly? EndsOn,
    StepStatus Status,
    DateOnly? RaisedOn,
    DateOnly? DoneOn,
    IReadOnlyList<SupervisionNote> Notes,
    long Version)
{
    // The day the bank was told the step falls due (Steps.Remind). Not positional: steps stored before
    // reminders existed read without it, as not reminded.
    public DateOnly? RemindedOn { get; init; }

    [JsonIgnore]
    public bool IsOpen => Status is StepStatus.Pending or StepStatus.Overdue;
}

public sealed record BankStepCount(string BankId, int Overdue, int Raised, DateOnly OldestDueOn);

// Which steps the supervision list shows.
public sealed record StepQuery(string RegionPrefix, string? BankId, StepStatus? Status);

// An expected version of a stored document: 0 to insert one that must not exist yet.
public sealed record Versioned<T>(T Document, long ExpectedVersion);

// Every change of the market loop is one of these, saved whole or not at all with its events: a broadcast
// and its opportunities, a take (the broadcast, the new application, its steps), a contact, a decision and
// the steps it meets. False when a versioned document moved meanwhile, or an inserted one already exists.
public sealed record MarketWrite
{
    public Versioned<Broadcast>? Broadcast { get; init; }

    public Versioned<Application>? Application { get; init; }

    public IReadOnlyList<Versioned<ServiceStep>> Steps { get; init; } = [];

    // Applied first, in order (a bank's row, or every row of a need).
    public IReadOnlyList<OpportunitySwitch> Switches { get; init; } = [];

    // Then stored as given, open (one per need and bank: a later round replaces the row).
    public IReadOnlyList<Opportunity> Opportunities { get; init; } = [];

    public IReadOnlyList<IntegrationEvent> Events { get; init; } = [];
}

// The keyset of the opportunities list: the sort value of the last one read and its need id.
public static class OpportunityKey
{
    public static string Of(Opportunity o, bool byDeadline) =>
        (byDeadline ? Dates.Day(o.TakeBy) : At(o.BroadcastAt)) + "|" + o.NeedId;

    // Instants as stored for sorting: UTC, fixed width.
    public static string At(DateTimeOffset at) => Dates.Instant(at.ToUniversalTime());

    public static (string Sort, string NeedId)? Parse(string? key) =>
        key?.Split('|') is [var sort, var needId] ? (sort, needId) : null;
}

public static class StepKey
{
    public static string Of(ServiceStep s) => Dates.Day(s.DueOn) + "|" + s.StepId;

    public static (string DueOn, string StepId)? Parse(string? key) =>
        key?.Split('|') is [var due, var id] ? (due, id) : null;
}
