using FinanceMarket.IntegrationEvents;
using FinanceMarket.Notifications.Model;

namespace FinanceMarket.Notifications.Tests;

// Who hears of what: the enterprise of its own application's news, each bank the need reached through one
// digest a day, the bank and the region's officials of a late step, the officials alone of an untaken need.
public sealed class NoticeRulesTests
{
    private static readonly ApplicationRef App = new("a1", "p1", "b1", "911309000000000001", "130903", "C13");

    [Fact]
    public void The_enterprise_hears_of_a_take_a_contact_and_each_decision_keyed_by_its_application()
    {
        var taken = Assert.Single(NoticeRules.Taken(new NeedTakenIntegrationEvent("n1", 1, "2026-11-02", 60, false) { About = App }));
        Assert.Equal(("taken|a1", NoticeKind.NeedTaken, "E:911309000000000001", "n1"), (taken.Key, taken.Kind, taken.To.Key, taken.About.NeedId));
        var contacted = Assert.Single(NoticeRules.Contacted(new ApplicationContactedIntegrationEvent("PHONE", "2026-11-03", "2026-11-05", 30) { About = App }));
        Assert.Equal(("contacted|a1", "PHONE"), (contacted.Key, contacted.About.Code));
        var approved = Assert.Single(NoticeRules.Approved(new ApplicationApprovedIntegrationEvent("SMALL", "CREDIT", 50_000_000, 345, 12, "2026-11-04", true) { About = App }));
        var rejected = Assert.Single(NoticeRules.Rejected(new ApplicationRejectedIntegrationEvent("no guarantor", "2026-11-04") { About = App, Code = "COLLATERAL" }));
        var expired = Assert.Single(NoticeRules.Expired(new ApplicationExpiredIntegrationEvent("2026-11-20") { About = App }));
        Assert.Equal((50_000_000L, "COLLATERAL", "2026-11-20"), (approved.About.AmountFen, rejected.About.Code, expired.About.Day));
        // One decision per application: a second one of any kind is the same notice.
        Assert.Equal([approved.Key], new[] { rejected.Key, expired.Key }.Distinct());
    }

    [Fact]
    public void A_bank_hears_of_an_application_made_to_it_but_not_of_its_own_take()
    {
        var applied = new ApplicationSubmittedIntegrationEvent("n1", "CREDIT", 1_000_000, "2026-11-02", "2026-11-16") { About = App, Origin = "APPLIED", EnterpriseName = "沧州机械有限公司" };
        var received = Assert.Single(NoticeRules.Submitted(applied));
        Assert.Equal((NoticeKind.ApplicationReceived, "B:b1", "2026-11-16", "沧州机械有限公司"), (received.Kind, received.To.Key, received.About.Day, received.About.EnterpriseName));
        Assert.Single(NoticeRules.Submitted(applied with { Origin = null }));
        Assert.Empty(NoticeRules.Submitted(applied with { Origin = "TAKEN" }));
    }

    [Fact]
    public void A_broadcast_reaches_each_bank_once_through_its_digest_of_the_day_without_the_enterprise()
    {
        var broadcast = new NeedBroadcastIntegrationEvent("n1", "911309000000000001", "130903", "C13", 1, 3, ["b1", "b2", "b1"], "2026-11-02", "2026-11-03", "2026-11-16", null);
        var drafts = NoticeRules.Broadcast(broadcast);
        Assert.Equal(["digest|b1|2026-11-02", "digest|b2|2026-11-02"], drafts.Select(d => d.Key));
        Assert.All(drafts, d => Assert.Equal(("n1", NoticeKind.OpportunityDigest, null, "OPPORTUNITY"), (d.DigestNeedId, d.Kind, d.About.Uscc, d.WebhookType)));
    }

    [Fact]
    public void A_late_step_reaches_its_bank_and_the_officials_and_an_untaken_need_the_officials_alone()
    {
        var late = new ServiceStepOverdueIntegrationEvent("s1", "DECIDE", "n1", "a1", "b1", "911309000000000001", "130903", "C13", "2026-11-09", "2026-11-10")
        {
            EnterpriseName = "沧州机械有限公司",
        };
        Assert.Equal(["B:b1", "R:130903"], NoticeRules.Overdue(late).Select(d => d.To.Key));
        Assert.All(NoticeRules.Overdue(late), d => Assert.Equal("沧州机械有限公司", d.About.EnterpriseName));
        Assert.All(NoticeRules.Overdue(late), d => Assert.Equal((NoticeKind.StepOverdue, "DECIDE", "2026-11-09"), (d.Kind, d.About.Code, d.About.Day)));
        var untaken = Assert.Single(NoticeRules.Overdue(late with { Step = "TAKE", ApplicationId = null, BankId = null }));
        Assert.Equal((NoticeKind.BroadcastUntaken, "R:130903"), (untaken.Kind, untaken.To.Key));
    }

    [Fact]
    public void A_subsidy_paid_tells_the_enterprise_the_sum_of_its_payers()
    {
        var paid = new SubsidyPaidIntegrationEvent(50_000_000, "2026-12-01", [new PayerAmount("district", 5_000, 12_345), new PayerAmount("city", 2_000, 5_000)])
        {
            About = new ClaimRef("c1", "prog1", "a1", "911309000000000001", "b1", "130903", "C13", 17_345),
        };
        var notice = Assert.Single(NoticeRules.Paid(paid));
        Assert.Equal(("paid|c1", 17_345L, "E:911309000000000001"), (notice.Key, notice.About.AmountFen, notice.To.Key));
    }

    [Fact]
    public void An_event_missing_what_its_notice_needs_is_refused()
    {
        Assert.Throws<ArgumentException>(() => NoticeRules.Taken(new NeedTakenIntegrationEvent("n1", 1, "2026-11-02", 60, false) { About = App with { Uscc = "" } }));
        Assert.Throws<ArgumentException>(() => NoticeRules.Overdue(
            new ServiceStepOverdueIntegrationEvent("s1", "DECIDE", "n1", "a1", "b1", "911309000000000001", "", "C13", "2026-11-09", "2026-11-10")));
    }

    [Fact]
    public void The_summary_names_the_bank_and_the_enterprise_and_writes_money_exactly()
    {
        string Names(string key) => key switch { "B:b1" => "沧州银行", "E:911309000000000001" => "沧州机械有限公司", _ => key[2..] };
        var approved = Notice(NoticeKind.ApplicationApproved, new NoticeAbout { BankId = "b1", Uscc = "911309000000000001", AmountFen = 50_000_001 });
        Assert.Equal("沧州银行已批准您的申请，授信500,000.01元。", NoticeText.Summary(approved, Names));
        var late = Notice(NoticeKind.StepOverdue, new NoticeAbout { BankId = "b1", Uscc = "911309000000000001", Code = "CONTACT", Day = "2026-11-09" });
        Assert.Equal("沧州银行对沧州机械有限公司的申请未按时首次联系（应于2026-11-09前）。", NoticeText.Summary(late, Names));
        // The name the event carried wins over the directory, which has no enterprises.
        var named = Notice(NoticeKind.ApplicationReceived, new NoticeAbout { BankId = "b1", Uscc = "911309000000000009", EnterpriseName = "运河阀门", Day = "2026-11-16" });
        Assert.Equal("收到运河阀门的新申请，请于2026-11-16前审批。", NoticeText.Summary(named, Names));
        var unknown = Notice(NoticeKind.NeedTaken, new NoticeAbout { BankId = "b9" });
        Assert.StartsWith("b9", NoticeText.Summary(unknown, Names), StringComparison.Ordinal);
        Assert.All(Enum.GetValues<NoticeKind>(), kind => Assert.DoesNotContain(kind.Wire(), NoticeText.Summary(Notice(kind, new NoticeAbout()), Names), StringComparison.Ordinal));
    }

    private static Notice Notice(NoticeKind kind, NoticeAbout about) =>
        new("id", "key", kind, Audience.Enterprise("911309000000000001"), about, 3, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

    [Fact]
    public void Credit_data_reads_go_to_the_enterprise_consents_to_the_bank_and_doubtful_batches_to_the_region()
    {
        var at = new DateTimeOffset(2026, 12, 4, 17, 0, 0, TimeSpan.Zero);
        var read = Assert.Single(NoticeRules.CreditRead(new CreditProfileReadIntegrationEvent("r1", "911309000000000001", "bank", "b1", "沧州银行", "CREDIT_PROFILE", "c1", at)));
        // 17:00 UTC is the next day in Shanghai.
        Assert.Equal((NoticeKind.CreditDataRead, "E:911309000000000001", "b1", "2026-12-05"), (read.Kind, read.To.Key, read.About.BankId, read.About.Day));
        var byOfficial = Assert.Single(NoticeRules.CreditRead(new CreditProfileReadIntegrationEvent("r2", "911309000000000001", "official", "o1", "130903", "CREDIT_PROFILE", "", at)));
        Assert.Equal((null, "130903", null), (byOfficial.About.BankId, byOfficial.About.RegionCode, byOfficial.About.ConsentId));
        // One notice per reader and day (the key is what the inbox keeps once): the bank's second read that
        // day, or another official of the region, is the same notice; the next day or another bank is not.
        string KeyOf(string readId, string role, string reader, string name, DateTimeOffset when) =>
            Assert.Single(NoticeRules.CreditRead(new CreditProfileReadIntegrationEvent(readId, "911309000000000001", role, reader, name, "VERIFIED_VALUES", "c1", when))).Key;
        Assert.Equal(read.Key, KeyOf("r3", "bank", "b1", "沧州银行", at.AddHours(6)));
        Assert.NotEqual(read.Key, KeyOf("r4", "bank", "b1", "沧州银行", at.AddHours(23)));
        Assert.NotEqual(read.Key, KeyOf("r5", "bank", "b2", "河北银行", at));
        Assert.Equal(byOfficial.Key, KeyOf("r6", "official", "o2", "130903", at));
        Assert.NotEqual(read.Key, byOfficial.Key);

        var granted = Assert.Single(NoticeRules.ConsentGranted(new CreditConsentGrantedIntegrationEvent("c1", "911309000000000001", "b1", "PRE_CREDIT", "", "2027-01-03") { EnterpriseName = "沧州机械有限公司" }));
        var revoked = Assert.Single(NoticeRules.ConsentRevoked(new CreditConsentRevokedIntegrationEvent("c1", "911309000000000001", "b1", at)));
        Assert.Equal(("B:b1", "B:b1", "2027-01-03", "PRE_CREDIT"), (granted.To.Key, revoked.To.Key, granted.About.Day, granted.About.Code));
        Assert.NotEqual(granted.Key, revoked.Key);
        Assert.Empty(NoticeRules.ConsentGranted(new CreditConsentGrantedIntegrationEvent("c2", "911309000000000001", "b1", "APPLICATION", "a1", "2027-01-03")));

        var clean = new CreditDataImportedIntegrationEvent("t1", "tax-1309", "1309", "TAX", 10, 10, 0, 0, at);
        Assert.Empty(NoticeRules.Imported(clean));
        var doubtful = Assert.Single(NoticeRules.Imported(clean with { Accepted = 9, Refused = 1, Flagged = 2 }));
        Assert.Equal(("import|tax-1309|t1", "R:1309", 1, 2), (doubtful.Key, doubtful.To.Key, doubtful.About.Refused, doubtful.About.Flagged));
    }
}
