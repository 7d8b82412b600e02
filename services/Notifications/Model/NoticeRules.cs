namespace FinanceMarket.Notifications.Model;

// Who hears of an event, as pure functions of it. Keys name the thing a notice is about (an application's
// take, a step's lateness), not the event's id, so the same fact published twice is still one notice.
// An event missing what its notice needs throws ArgumentException: the subscription answers 422 with it.
public static class NoticeRules
{
    // The enterprise hears that a bank took its need (the bank is now named to it).
    public static IReadOnlyList<NoticeDraft> Taken(NeedTakenIntegrationEvent e) =>
        [ToEnterprise("taken|" + Require(e.ApplicationId, "applicationId"), NoticeKind.NeedTaken, e, e.NeedId, null, 0)];

    public static IReadOnlyList<NoticeDraft> Contacted(ApplicationContactedIntegrationEvent e) =>
        [ToEnterprise("contacted|" + Require(e.ApplicationId, "applicationId"), NoticeKind.ApplicationContacted, e, null, e.Channel, 0)];

    public static IReadOnlyList<NoticeDraft> Approved(ApplicationApprovedIntegrationEvent e) =>
        [ToEnterprise("decided|" + Require(e.ApplicationId, "applicationId"), NoticeKind.ApplicationApproved, e, null, null, e.GrantedAmountFen)];

    public static IReadOnlyList<NoticeDraft> Rejected(ApplicationRejectedIntegrationEvent e) =>
        [ToEnterprise("decided|" + Require(e.ApplicationId, "applicationId"), NoticeKind.ApplicationRejected, e, null, e.Code, 0)];

    public static IReadOnlyList<NoticeDraft> Expired(ApplicationExpiredIntegrationEvent e) =>
        [ToEnterprise("decided|" + Require(e.ApplicationId, "applicationId"), NoticeKind.ApplicationExpired, e, null, null, 0) with
        {
            About = About(e, null, null, 0) with { Day = e.DecideBy },
        }];

    // The bank hears of an application addressed to it (a take is its own act: nothing to tell).
    public static IReadOnlyList<NoticeDraft> Submitted(ApplicationSubmittedIntegrationEvent e) => e.Origin == "TAKEN" ? [] :
    [
        new("received|" + Require(e.ApplicationId, "applicationId"), NoticeKind.ApplicationReceived, Audience.Bank(Require(e.BankId, "bankId")),
            About(e, e.NeedId, null, e.RequestedAmountFen) with { Day = e.DecideBy, EnterpriseName = e.EnterpriseName }),
    ];

    public static IReadOnlyList<NoticeDraft> Paid(SubsidyPaidIntegrationEvent e)
    {
        var claimId = Require(e.ClaimId, "claimId");
        var paid = (e.Payers ?? throw new ArgumentException("payers is missing")).Sum(p => p.AmountFen);
        return
        [
            new("paid|" + claimId, NoticeKind.SubsidyPaid, Audience.Enterprise(Require(e.Uscc, "uscc")), new NoticeAbout
            {
                ClaimId = claimId, ApplicationId = e.ApplicationId, BankId = e.BankId, Uscc = e.Uscc, RegionCode = e.RegionCode, AmountFen = paid, Day = e.PaidOn,
            }),
        ];
    }

    // Each bank the need reached counts it in its digest of the broadcast's day: one notice per bank and
    // day, however many needs arrive. The enterprise stays unnamed, as on the opportunities list.
    public static IReadOnlyList<NoticeDraft> Broadcast(NeedBroadcastIntegrationEvent e)
    {
        var needId = Require(e.NeedId, "needId");
        var day = Require(e.BroadcastOn, "broadcastOn");
        return (e.BankIds ?? throw new ArgumentException("bankIds is missing")).Distinct(StringComparer.Ordinal).Select(bankId => new NoticeDraft(
            "digest|" + Require(bankId, "bankIds") + "|" + day, NoticeKind.OpportunityDigest, Audience.Bank(bankId),
            new NoticeAbout { BankId = bankId, RegionCode = e.RegionCode, Day = day }, needId)).ToList();
    }

    // A late step: the bank whose step it is, and the officials of the enterprise's region. A TAKE step is
    // a broadcast nobody took: the officials alone hear of it.
    public static IReadOnlyList<NoticeDraft> Overdue(ServiceStepOverdueIntegrationEvent e)
    {
        var stepId = Require(e.StepId, "stepId");
        var about = new NoticeAbout
        {
            StepId = stepId, NeedId = e.NeedId, ApplicationId = e.ApplicationId, BankId = e.BankId, Uscc = e.Uscc, RegionCode = Require(e.RegionCode, "regionCode"),
            Code = Require(e.Step, "step"), Day = e.DueOn, EnterpriseName = e.EnterpriseName,
        };
        var region = Audience.Region(e.RegionCode);
        if (string.IsNullOrEmpty(e.BankId))
        {
            return [new("overdue|" + stepId + "|" + region.Key, NoticeKind.BroadcastUntaken, region, about)];
        }

        var bank = Audience.Bank(e.BankId);
        return
        [
            new("overdue|" + stepId + "|" + bank.Key, NoticeKind.StepOverdue, bank, about),
            new("overdue|" + stepId + "|" + region.Key, NoticeKind.StepOverdue, region, about),
        ];
    }

    // The bank, a working day before a step of its application is due.
    public static IReadOnlyList<NoticeDraft> DueSoon(ServiceStepDueSoonIntegrationEvent e)
    {
        var bank = Audience.Bank(Require(e.BankId, "bankId"));
        return
        [
            new("due|" + Require(e.StepId, "stepId"), NoticeKind.StepDueSoon, bank, new NoticeAbout
            {
                StepId = e.StepId, NeedId = e.NeedId, ApplicationId = e.ApplicationId, BankId = e.BankId, Uscc = e.Uscc, RegionCode = e.RegionCode,
                Code = Require(e.Step, "step"), Day = Require(e.DueOn, "dueOn"), EnterpriseName = e.EnterpriseName,
            }),
        ];
    }

    // The enterprise hears who read its credit data on which day: a bank (under which consent), or the
    // officials of a region. One notice per reader and day: a bank paging through its pre-credit offers reads
    // several times a minute, and each read is in the log the enterprise opens from the notice. Its own reads
    // are not told (they are not logged).
    public static IReadOnlyList<NoticeDraft> CreditRead(CreditProfileReadIntegrationEvent e)
    {
        var bank = e.ReaderRole == "bank";
        var day = Dates.Day(ChinaTime.DateOf(e.ReadAt));
        var reader = bank ? Require(e.ReaderId, "readerId") : Require(e.ReaderName, "readerName");
        Require(e.ReadId, "readId");
        return
        [
            new($"read|{Require(e.Uscc, "uscc")}|{Require(e.ReaderRole, "readerRole")}|{reader}|{day}", NoticeKind.CreditDataRead, Audience.Enterprise(Require(e.Uscc, "uscc")), new NoticeAbout
            {
                Uscc = e.Uscc, ReaderRole = Require(e.ReaderRole, "readerRole"), BankId = bank ? Require(e.ReaderId, "readerId") : null,
                RegionCode = bank ? null : e.ReaderName, Code = e.Scope, ConsentId = e.ConsentId is { Length: > 0 } c ? c : null,
                Day = day,
            }),
        ];
    }

    // The bank hears of a consent to offer pre-credit; an application's consent comes with the application
    // it already hears of (APPLICATION_RECEIVED), so it is not told twice.
    public static IReadOnlyList<NoticeDraft> ConsentGranted(CreditConsentGrantedIntegrationEvent e) => e.Purpose == "APPLICATION" ? [] :
    [
        new("consent|" + Require(e.ConsentId, "consentId") + "|granted", NoticeKind.CreditConsentGranted, Audience.Bank(Require(e.BankId, "bankId")), new NoticeAbout
        {
            ConsentId = e.ConsentId, Uscc = Require(e.Uscc, "uscc"), EnterpriseName = e.EnterpriseName, BankId = e.BankId, Code = e.Purpose,
            ApplicationId = e.ApplicationId is { Length: > 0 } a ? a : null, Day = Require(e.ExpiresOn, "expiresOn"),
        }),
    ];

    public static IReadOnlyList<NoticeDraft> ConsentRevoked(CreditConsentRevokedIntegrationEvent e) =>
    [
        new("consent|" + Require(e.ConsentId, "consentId") + "|revoked", NoticeKind.CreditConsentRevoked, Audience.Bank(Require(e.BankId, "bankId")), new NoticeAbout
        {
            ConsentId = e.ConsentId, Uscc = Require(e.Uscc, "uscc"), EnterpriseName = e.EnterpriseName, BankId = e.BankId,
            Day = Dates.Day(ChinaTime.DateOf(e.RevokedAt)),
        }),
    ];

    // The officials of the region a batch was supplied for hear of the records it refused or flagged; a
    // clean batch is nothing to look at.
    public static IReadOnlyList<NoticeDraft> Imported(CreditDataImportedIntegrationEvent e) => e.Refused + e.Flagged == 0 ? [] :
    [
        new("import|" + Require(e.ProviderId, "providerId") + "|" + Require(e.BatchId, "batchId"), NoticeKind.CreditDataImported,
            Audience.Region(Require(e.RegionCode, "regionCode")), new NoticeAbout
            {
                ProviderId = e.ProviderId, BatchId = e.BatchId, RegionCode = e.RegionCode, Code = Require(e.Kind, "kind"), Refused = e.Refused, Flagged = e.Flagged,
                Day = Dates.Day(ChinaTime.DateOf(e.ImportedAt)),
            }),
    ];

    private static NoticeDraft ToEnterprise(string key, NoticeKind kind, ApplicationIntegrationEvent e, string? needId, string? code, long amountFen) =>
        new(key, kind, Audience.Enterprise(Require(e.Uscc, "uscc")), About(e, needId, code, amountFen));

    private static NoticeAbout About(ApplicationIntegrationEvent e, string? needId, string? code, long amountFen) => new()
    {
        NeedId = needId, ApplicationId = e.ApplicationId, BankId = e.BankId, Uscc = e.Uscc, RegionCode = e.RegionCode, Code = code, AmountFen = amountFen,
    };

    private static string Require(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new ArgumentException($"{field} is missing") : value;
}
