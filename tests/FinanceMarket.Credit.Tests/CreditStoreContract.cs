using FinanceMarket.Credit;
using FinanceMarket.Credit.Model;
using FinanceMarket.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;
using static FinanceMarket.Credit.Tests.ImportRulesTests;

namespace FinanceMarket.StoreContracts;

// One contract, every adapter: a batch is all or nothing with its event, a repeated batch changes nothing and
// one reused with other records is refused, a record replaces the earlier of its key, flagged records and
// discrepancies list by region, the newer correction wins, an application's consent is kept once, a
// revocation happens once, and the read log and the lists page newest first.
public abstract class CreditStoreContract(StoreKind kind) : StoreContract(kind, CreditApp.Build)
{
    private static readonly DateOnly Today = new(2026, 12, 4);
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_batch_is_kept_whole_with_its_event_and_a_repeat_changes_nothing()
    {
        var services = await Store.OpenAsync();
        var store = services.GetRequiredService<ICreditStore>();
        var a = TestData.NewUscc();
        var b = TestData.NewUscc("110105");
        RecordInput[] records = [Tax(a, 2025, 500_00, 9_000_00, TaxCreditRating.A), Tax(b, 2025, 1, 2), Tax(a, 2024, 400_00, 300_00)];
        var batch = Batch(RecordKind.Tax, "1309") with { Records = records };
        var (result, repeated) = await store.ImportAsync(batch, ImportRules.Plan(RecordKind.Tax, records, Today), Imported, Cancel);

        Assert.False(repeated);
        Assert.Equal((3, 2, 0), (result.Received, result.Accepted, result.Replaced));
        Assert.Equal([1], result.Refused.Select(p => p.Index));
        Assert.Equal([2], result.Flagged.Select(p => p.Index));
        Assert.Equal(["2024", "2025"], (await store.RecordsOfAsync(a, Cancel)).Select(r => r.Key).Order());
        Assert.Empty(await store.RecordsOfAsync(b, Cancel));
        Assert.Equal([nameof(CreditDataImportedIntegrationEvent)], await PendingTopicsAsync(services));

        var again = await store.ImportAsync(batch with { At = Now.AddHours(1) }, ImportRules.Plan(RecordKind.Tax, records, Today), Imported, Cancel);
        Assert.True(again.Repeated);
        Assert.Equal(result.ImportedAt, again.Result.ImportedAt);
        Assert.Empty(await PendingTopicsAsync(services));
        await Assert.ThrowsAsync<ConflictException>(() => store.ImportAsync(batch with { Hash = "other" }, ImportRules.Plan(RecordKind.Tax, records, Today), Imported, Cancel));

        // Another provider's batch of the same id is its own.
        var theirs = await store.ImportAsync(batch with { ProviderId = "tax-other" }, ImportRules.Plan(RecordKind.Tax, records, Today), Imported, Cancel);
        Assert.Equal((false, 2), (theirs.Repeated, theirs.Result.Replaced));
    }

    [Fact]
    public async Task A_record_replaces_the_earlier_of_its_key_and_flagged_ones_list_by_region_and_provider()
    {
        var store = await StoreAsync();
        var cangzhou = TestData.NewUscc("130903");
        var shijiazhuang = TestData.NewUscc("130102");
        await ImportAsync(store, RecordKind.SocialInsurance, "13", "b1", Employees(cangzhou, "2026-09", 30), Employees(shijiazhuang, "2026-09", 5));
        var result = await ImportAsync(store, RecordKind.SocialInsurance, "13", "b2",
            Employees(cangzhou, "2026-10", 31), Employees(shijiazhuang, "2026-10", 500), Employees(cangzhou, "2026-09", 3));

        Assert.Equal(1, result.Replaced);
        Assert.Equal([0, 1], result.Flagged.Select(f => f.Index).Order());
        var kept = (await store.RecordsOfAsync(cangzhou, Cancel)).ToDictionary(r => r.Key);
        Assert.Equal((3, "b2"), (kept["2026-09"].Values.InsuredEmployees, kept["2026-09"].Source.BatchId));

        var flagged = await store.ListFlaggedAsync(null, "13", 1, null, Cancel);
        var next = await store.ListFlaggedAsync(null, "13", 1, flagged.LastKey, Cancel);
        Assert.Equal(2, flagged.Items.Count + next.Items.Count);
        Assert.Null(next.LastKey);
        Assert.Equal([shijiazhuang], (await store.ListFlaggedAsync(null, "1301", 10, null, Cancel)).Items.Select(r => r.Uscc));
        Assert.Equal(2, (await store.ListFlaggedAsync("tax-hebei", null, 10, null, Cancel)).Items.Count);
        Assert.Empty((await store.ListFlaggedAsync("someone-else", null, 10, null, Cancel)).Items);
    }

    [Fact]
    public async Task Discrepancies_follow_the_data_and_the_newer_declaration()
    {
        var store = await StoreAsync();
        var uscc = TestData.NewUscc();
        await store.ApplyDeclaredAsync(Declared(uscc, "130903", TaxCreditRating.A), Now, Cancel);
        Assert.Empty((await store.ListDiscrepanciesAsync("13", 10, null, Cancel)).Items);

        await ImportAsync(store, RecordKind.Tax, "1309", "t1", Tax(uscc, 2025, 1_00, 2_00, TaxCreditRating.B));
        var found = Assert.Single((await store.ListDiscrepanciesAsync("1309", 10, null, Cancel)).Items);
        Assert.Equal((DiscrepancyField.TaxCreditRating, "A", "B", Now), (found.Field, found.Declared, found.Verified, found.FoundAt));
        Assert.Empty((await store.ListDiscrepanciesAsync("11", 10, null, Cancel)).Items);

        // A stale correction changes nothing; the newer one settles it.
        await store.ApplyDeclaredAsync(Declared(uscc, "130903", TaxCreditRating.B) with { CorrectionCount = 0 }, Now.AddHours(1), Cancel);
        Assert.Single((await store.ListDiscrepanciesAsync("13", 10, null, Cancel)).Items);
        await store.ApplyDeclaredAsync(Declared(uscc, "130903", TaxCreditRating.B) with { CorrectionCount = 1 }, Now.AddHours(2), Cancel);
        Assert.Empty((await store.ListDiscrepanciesAsync("13", 10, null, Cancel)).Items);
        Assert.Equal((TaxCreditRating.B, 1), ((await store.DeclaredAsync(uscc, Cancel))!.TaxCreditRating, (await store.DeclaredAsync(uscc, Cancel))!.CorrectionCount));

        // The declared region is the one a provider's region is checked against (a firm that moved).
        var moved = TestData.NewUscc("110105");
        await store.ApplyDeclaredAsync(Declared(moved, "130903"), Now, Cancel);
        Assert.Equal(1, (await ImportAsync(store, RecordKind.Tax, "1309", "t2", Tax(moved, 2025, 1, 2))).Accepted);
    }

    [Fact]
    public async Task An_applications_consent_is_kept_once_and_a_revocation_happens_once()
    {
        var services = await Store.OpenAsync();
        var store = services.GetRequiredService<ICreditStore>();
        var uscc = TestData.NewUscc();
        var application = Guid.NewGuid().ToString();
        var first = ConsentRules.ForApplication(uscc, "bank-a", application, Today, Now, Guid.CreateVersion7(Now.UtcDateTime).ToString());
        var again = ConsentRules.ForApplication(uscc, "bank-a", application, Today, Now.AddSeconds(1), Guid.CreateVersion7(Now.AddSeconds(1).UtcDateTime).ToString());
        Assert.Equal(first.ConsentId, (await store.AddConsentAsync(first, Granted(first), Cancel)).ConsentId);
        Assert.Equal(first.ConsentId, (await store.AddConsentAsync(again, Granted(again), Cancel)).ConsentId);
        var other = new Consent(Guid.CreateVersion7(Now.AddSeconds(2).UtcDateTime).ToString(), uscc, "bank-b", ConsentPurpose.PreCredit, null, Now, Today.AddDays(90));
        await store.AddConsentAsync(other, Granted(other), Cancel);
        Assert.Equal([nameof(CreditConsentGrantedIntegrationEvent), nameof(CreditConsentGrantedIntegrationEvent)], await PendingTopicsAsync(services));

        Assert.Equal([first.ConsentId], (await store.ConsentsOfAsync(uscc, "bank-a", Cancel)).Select(c => c.ConsentId));
        var page = await store.ListConsentsAsync(uscc, null, 1, null, Cancel);
        var rest = await store.ListConsentsAsync(uscc, null, 1, page.LastKey, Cancel);
        Assert.Equal([other.ConsentId, first.ConsentId], page.Items.Concat(rest.Items).Select(c => c.ConsentId));
        Assert.Equal([first.ConsentId], (await store.ListConsentsAsync(uscc, "bank-a", 10, null, Cancel)).Items.Select(c => c.ConsentId));

        var revoked = first with { RevokedAt = Now.AddMinutes(5) };
        Assert.True(await store.RevokeConsentAsync(revoked, Revoked(revoked), Cancel));
        Assert.False(await store.RevokeConsentAsync(first with { RevokedAt = Now.AddMinutes(6) }, Revoked(revoked), Cancel));
        Assert.Equal(Now.AddMinutes(5), (await store.FindConsentAsync(first.ConsentId, Cancel))!.RevokedAt);
        Assert.Equal([nameof(CreditConsentRevokedIntegrationEvent)], await PendingTopicsAsync(services));
    }

    [Fact]
    public async Task Reads_are_logged_with_their_event_and_listed_newest_first_per_enterprise()
    {
        var services = await Store.OpenAsync();
        var store = services.GetRequiredService<ICreditStore>();
        var uscc = TestData.NewUscc();
        for (var i = 0; i < 3; i++)
        {
            var read = new ProfileRead(Guid.CreateVersion7(Now.AddMinutes(i).UtcDateTime).ToString(), uscc, "bank", "bank-a", "沧州银行", ProfileRead.WholeProfile, "c1",
                ConsentPurpose.Application, Now.AddMinutes(i));
            await store.LogReadAsync(read, new CreditProfileReadIntegrationEvent(read.ReadId, uscc, "bank", "bank-a", "沧州银行", read.Scope, "c1", read.ReadAt), Cancel);
        }

        await store.LogReadAsync(new ProfileRead(Guid.NewGuid().ToString(), TestData.NewUscc(), "official", "o1", "1309", ProfileRead.WholeProfile, null, null, Now),
            new CreditProfileReadIntegrationEvent("x", uscc, "official", "o1", "1309", ProfileRead.WholeProfile, "", Now), Cancel);
        var first = await store.ListReadsAsync(uscc, 2, null, Cancel);
        var second = await store.ListReadsAsync(uscc, 2, first.LastKey, Cancel);
        Assert.Equal([Now.AddMinutes(2), Now.AddMinutes(1), Now], first.Items.Concat(second.Items).Select(r => r.ReadAt));
        Assert.Equal(4, (await PendingTopicsAsync(services)).Count);

        await store.SetBankNameAsync("bank-a", "沧州银行", Cancel);
        await store.SetBankNameAsync("bank-a", "沧州银行运河支行", Cancel);
        Assert.Equal("沧州银行运河支行", await store.BankNameAsync("bank-a", Cancel));
        Assert.Null(await store.BankNameAsync("bank-z", Cancel));
    }

    [Fact]
    public async Task Imports_list_newest_first_by_provider_or_region()
    {
        var store = await StoreAsync();
        var uscc = TestData.NewUscc();
        for (var i = 0; i < 3; i++)
        {
            var records = new[] { Tax(uscc, 2020 + i, 1, 2) };
            await store.ImportAsync(Batch(RecordKind.Tax, i == 2 ? "1301" : "1309", "b" + i, Now.AddMinutes(i)) with { Records = records, Hash = "h" + i },
                ImportRules.Plan(RecordKind.Tax, records, Today), Imported, Cancel);
        }

        var page = await store.ListImportsAsync("tax-hebei", null, 2, null, Cancel);
        var rest = await store.ListImportsAsync("tax-hebei", null, 2, page.LastKey, Cancel);
        Assert.Equal(["b2", "b1", "b0"], page.Items.Concat(rest.Items).Select(r => r.BatchId));
        Assert.Equal(["b1", "b0"], (await store.ListImportsAsync(null, "1309", 10, null, Cancel)).Items.Select(r => r.BatchId));
        Assert.Equal(3, (await store.ListImportsAsync(null, "13", 10, null, Cancel)).Items.Count);
    }

    [Fact]
    public async Task A_page_of_imports_goes_on_whatever_the_provider_and_batch_are_called()
    {
        var store = await StoreAsync();
        var uscc = TestData.NewUscc();
        // A provider's subject and a batch id may each be 100 characters of any script: three bytes a character.
        var provider = new string('税', 100);
        for (var i = 0; i < 2; i++)
        {
            var records = new[] { Tax(uscc, 2020 + i, 1, 2) };
            await store.ImportAsync(Batch(RecordKind.Tax, "1309", new string('批', 99) + i, Now.AddMinutes(i)) with { ProviderId = provider, Records = records, Hash = "h" + i },
                ImportRules.Plan(RecordKind.Tax, records, Today), Imported, Cancel);
        }

        var first = await store.ListImportsAsync(provider, null, 1, null, Cancel);
        var violations = new FinanceMarket.ServiceDefaults.Validation.Violations();
        var after = FinanceMarket.ServiceDefaults.Validation.Paging.After(violations, FinanceMarket.ServiceDefaults.Validation.Paging.Token(first.LastKey));
        Assert.False(violations.Any);
        var second = await store.ListImportsAsync(provider, null, 1, after, Cancel);
        Assert.Equal([new string('批', 99) + 1, new string('批', 99) + 0], first.Items.Concat(second.Items).Select(r => r.BatchId));
    }

    private async Task<ICreditStore> StoreAsync() => (await Store.OpenAsync()).GetRequiredService<ICreditStore>();

    private static async Task<ImportResult> ImportAsync(ICreditStore store, RecordKind kind, string region, string batchId, params RecordInput[] records) =>
        (await store.ImportAsync(Batch(kind, region, batchId) with { Records = records, Hash = batchId }, ImportRules.Plan(kind, records, Today), Imported, Cancel)).Result;

    private static IReadOnlyList<IntegrationEvent> Imported(ImportResult r) =>
        [new CreditDataImportedIntegrationEvent(r.BatchId, r.ProviderId, r.RegionCode, r.Kind.Wire(), r.Received, r.Accepted, r.Refused.Count, r.Flagged.Count, r.ImportedAt)];

    private static CreditConsentGrantedIntegrationEvent Granted(Consent c) =>
        new CreditConsentGrantedIntegrationEvent(c.ConsentId, c.Uscc, c.BankId, c.Purpose.Wire(), c.ApplicationId ?? "", Dates.Day(c.ExpiresOn));

    private static CreditConsentRevokedIntegrationEvent Revoked(Consent c) => new CreditConsentRevokedIntegrationEvent(c.ConsentId, c.Uscc, c.BankId, c.RevokedAt!.Value);
}

public sealed class SqliteCreditStoreTests() : CreditStoreContract(StoreKind.Sqlite);

public sealed class MongoCreditStoreTests() : CreditStoreContract(StoreKind.MongoDb);
