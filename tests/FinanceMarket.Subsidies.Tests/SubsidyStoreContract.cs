using FinanceMarket.TestInfrastructure;
using FinanceMarket.Domain;
using FinanceMarket.IntegrationEvents;
using FinanceMarket.Subsidies;
using FinanceMarket.Subsidies.Infrastructure;
using FinanceMarket.Subsidies.Model;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace FinanceMarket.StoreContracts;

// One contract, every adapter: what subsidies may rely on from its store, above all that a budget holds
// under concurrent reservations.
public abstract class SubsidyStoreContract(StoreKind kind) : StoreContract(kind, SubsidiesApp.Build)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 2, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Contracted = new(2026, 3, 20);

    [Fact]
    public async Task The_LPR_in_force_is_the_latest_quote_on_or_before_the_day()
    {
        var store = await StoreAsync();
        Assert.True(await store.TryRecordLprAsync(new LprQuote(new DateOnly(2024, 10, 21), 310, 360, "o", Now), Audit("lpr"), Cancel));
        Assert.True(await store.TryRecordLprAsync(new LprQuote(new DateOnly(2025, 5, 20), 300, 350, "o", Now), Audit("lpr"), Cancel));
        Assert.False(await store.TryRecordLprAsync(new LprQuote(new DateOnly(2025, 5, 20), 1, 1, "o", Now), Audit("lpr"), Cancel));

        Assert.Null(await store.LprOnAsync(new DateOnly(2024, 10, 20), Cancel));
        Assert.Equal(310, (await store.LprOnAsync(new DateOnly(2025, 5, 19), Cancel))!.OneYearBp);
        Assert.Equal(300, (await store.LprOnAsync(new DateOnly(2025, 5, 20), Cancel))!.OneYearBp);
        Assert.Equal(350, (await store.LprOnAsync(new DateOnly(2030, 1, 1), Cancel))!.FiveYearBp);
    }

    [Fact]
    public async Task Programmes_are_listed_by_the_region_they_cover_or_lie_in()
    {
        var store = await StoreAsync();
        var hebei = Programme("13");
        var yunhe = Programme("130903");
        var beijing = Programme("11");
        foreach (var p in new[] { hebei, yunhe, beijing })
        {
            await store.AddProgramAsync(p, Audit("subsidy-program/" + p.ProgramId, p.RegionCode), Cancel);
        }

        Assert.Equivalent(yunhe, await store.FindProgramAsync(yunhe.ProgramId, Cancel), strict: true);
        Assert.Equal([hebei.ProgramId, yunhe.ProgramId], (await store.ListProgramsAsync("130903", 10, null, Cancel)).Items.Select(p => p.ProgramId));
        Assert.Equal([hebei.ProgramId, yunhe.ProgramId], (await store.ListProgramsAsync("1309", 10, null, Cancel)).Items.Select(p => p.ProgramId));
        Assert.Equal([beijing.ProgramId], (await store.ListProgramsAsync("110105", 10, null, Cancel)).Items.Select(p => p.ProgramId));
        Assert.Equal([hebei.ProgramId, yunhe.ProgramId], (await store.ListProgramsAsync("13", 10, null, Cancel)).Items.Select(p => p.ProgramId));
        var first = await store.ListProgramsAsync(null, 2, null, Cancel);
        var second = await store.ListProgramsAsync(null, 2, first.LastKey, Cancel);
        Assert.Equal(3, first.Items.Count + second.Items.Count);
    }

    [Fact]
    public async Task Concurrent_reservations_never_overspend_and_add_up_to_the_fen()
    {
        var store = await StoreAsync();
        const long perDay = 2_740; // 1,000,000 yuan × 1 % for one day, rounded half up
        var programme = Programme("130903") with { BudgetFen = (perDay * 60) + 500 };
        await store.AddProgramAsync(programme, Audit("subsidy-program/" + programme.ProgramId, programme.RegionCode), Cancel);

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(async Task<Claim?> (day) =>
        {
            try
            {
                var start = Contracted.AddDays(day);
                return await store.ReserveAsync(programme.ProgramId, "deal-1", "91130903MA0CONTRACT",
                    view => ClaimRules.Decide(view, Deal("deal-1"), start, start.AddDays(1), Outstanding(start, start.AddDays(1)), (100, 1), SortableId.NewId(), "enterprise", Now), Cancel);
            }
            catch (PreconditionException ex) when (ex.Message.StartsWith("Over budget", StringComparison.Ordinal))
            {
                return null;
            }
        }));

        Assert.Equal(60, results.Count(c => c is not null));
        var saved = await store.FindProgramAsync(programme.ProgramId, Cancel);
        Assert.Equal((perDay * 60, 500L), (saved!.ReservedFen, saved.RemainingFen));
        var listed = await AllClaimsAsync(store, new ClaimQuery(null, null, null, ClaimStatus.Pending, programme.ProgramId));
        Assert.Equal(perDay * 60, listed.Sum(c => c.AmountFen));
    }

    [Fact]
    public async Task A_refused_decision_saves_nothing_and_overlaps_are_seen_across_programmes()
    {
        var store = await StoreAsync();
        var first = Programme("130903");
        var second = Programme("13");
        await store.AddProgramAsync(first, Audit("subsidy-program/" + first.ProgramId, first.RegionCode), Cancel);
        await store.AddProgramAsync(second, Audit("subsidy-program/" + second.ProgramId, second.RegionCode), Cancel);
        var april = new DateOnly(2026, 4, 1);
        await store.ReserveAsync(first.ProgramId, "deal-1", "91130903MA0CONTRACT",
            view => ClaimRules.Decide(view, Deal("deal-1"), april, april.AddDays(91), Outstanding(april, april.AddDays(91)), (100, 1), SortableId.NewId(), "enterprise", Now), Cancel);

        var refused = await Assert.ThrowsAsync<PreconditionException>(() => store.ReserveAsync(second.ProgramId, "deal-1", "91130903MA0CONTRACT",
            view => ClaimRules.Decide(view, Deal("deal-1"), april.AddDays(30), april.AddDays(60), Outstanding(april.AddDays(30), april.AddDays(60)), (100, 1), SortableId.NewId(), "enterprise", Now), Cancel));
        Assert.Contains("overlaps", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await store.FindProgramAsync(second.ProgramId, Cancel))!.ReservedFen);
        Assert.Empty(await AllClaimsAsync(store, new ClaimQuery(null, null, null, null, second.ProgramId)));
    }

    // A quote is decided on ViewAsync, a claim on what ReserveAsync reads: the two must be the same view.
    [Fact]
    public async Task The_view_is_what_a_reservation_decides_on_and_reading_it_changes_nothing()
    {
        var store = await StoreAsync();
        var programme = Programme("130903");
        await store.AddProgramAsync(programme, Audit("subsidy-program/" + programme.ProgramId, programme.RegionCode), Cancel);
        var april = new DateOnly(2026, 4, 1);
        // The borrower's first loan counts 600,000 yuan of its 1,000,000 cap, leaving 400,000 for the second.
        var first = await store.ReserveAsync(programme.ProgramId, "deal-1", "91130903MA0CONTRACT",
            view => ClaimRules.Decide(view, Deal("deal-1") with { GrantedAmountFen = 60_000_000 }, april, april.AddDays(30), Outstanding(april, april.AddDays(30)), (100, 1), SortableId.NewId(), "enterprise", Now), Cancel);
        await Assert.ThrowsAsync<NotFoundException>(() => store.ViewAsync(SortableId.NewId(), "deal-2", "91130903MA0CONTRACT", Cancel));

        var seen = await store.ViewAsync(programme.ProgramId, "deal-2", "91130903MA0CONTRACT", Cancel);
        Assert.Equal((first.AmountFen, 1, 60_000_000L), (seen.Program.ReservedFen, seen.BorrowerPrincipal.Count, seen.BorrowerPrincipal["deal-1"]));
        Assert.Empty(seen.DealClaims);
        Assert.Equivalent(seen, await store.ViewAsync(programme.ProgramId, "deal-2", "91130903MA0CONTRACT", Cancel), strict: true);

        var claimId = SortableId.NewId();
        var quoted = ClaimRules.Decide(seen, Deal("deal-2"), april, april.AddDays(91), Outstanding(april, april.AddDays(91)), (100, 1), claimId, "enterprise", Now);
        ReservationView? decidedOn = null;
        var reserved = await store.ReserveAsync(programme.ProgramId, "deal-2", "91130903MA0CONTRACT", view =>
        {
            decidedOn = view;
            return ClaimRules.Decide(view, Deal("deal-2"), april, april.AddDays(91), Outstanding(april, april.AddDays(91)), (100, 1), claimId, "enterprise", Now);
        }, Cancel);

        Assert.Equivalent(seen, decidedOn, strict: true);
        Assert.Equal((40_000_000L, quoted.AmountFen, quoted.Calculation), (reserved.PrincipalFen, reserved.AmountFen, reserved.Calculation));
        var saved = await store.FindProgramAsync(programme.ProgramId, Cancel);
        Assert.Equal((first.AmountFen + reserved.AmountFen, programme.Version + 2), (saved!.ReservedFen, saved.Version));
        var afterwards = await store.ViewAsync(programme.ProgramId, "deal-2", "91130903MA0CONTRACT", Cancel);
        Assert.Equal([reserved.ClaimId], afterwards.DealClaims.Select(c => c.ClaimId));
    }

    [Fact]
    public async Task A_programme_is_revised_only_from_the_version_read_and_a_claim_moves_that_on_and_is_counted()
    {
        var store = await StoreAsync();
        var programme = Programme("130903");
        await store.AddProgramAsync(programme, Audit("subsidy-program/" + programme.ProgramId, programme.RegionCode), Cancel);

        var edited = programme with { Name = "Edited", BudgetFen = 2_000_000_000, Version = programme.Version + 1 };
        Assert.True(await store.TryReviseProgramAsync(edited, programme.Version, Audit("subsidy-program/" + programme.ProgramId, "130903"), Cancel));
        Assert.False(await store.TryReviseProgramAsync(edited with { Name = "Stale" }, programme.Version, Audit("subsidy-program/" + programme.ProgramId, "130903"), Cancel));
        var read = await store.FindProgramAsync(programme.ProgramId, Cancel);
        Assert.Equal(("Edited", 2_000_000_000L, 0L), (read!.Name, read.BudgetFen, read.ClaimsMade));

        var april = new DateOnly(2026, 4, 1);
        await store.ReserveAsync(programme.ProgramId, "deal-1", "91130903MA0CONTRACT",
            view => ClaimRules.Decide(view, Deal("deal-1"), april, april.AddDays(30), Outstanding(april, april.AddDays(30)), (100, 1), SortableId.NewId(), "enterprise", Now), Cancel);

        // An edit read before that claim loses to it; the claim is counted on the programme.
        Assert.False(await store.TryReviseProgramAsync(read with { Name = "Late", Version = read.Version + 1 }, read.Version, Audit("subsidy-program/" + programme.ProgramId, "130903"), Cancel));
        var claimed = await store.FindProgramAsync(programme.ProgramId, Cancel);
        Assert.Equal(("Edited", 1L, read.Version + 1), (claimed!.Name, claimed.ClaimsMade, claimed.Version));

        var closed = claimed with { Closed = new ProgramClosure("official", "budget spent", Now), Version = claimed.Version + 1 };
        Assert.True(await store.TryReviseProgramAsync(closed, claimed.Version, Audit("subsidy-program/" + programme.ProgramId, "130903"), Cancel));
        var refused = await Assert.ThrowsAsync<PreconditionException>(() => store.ReserveAsync(programme.ProgramId, "deal-2", "91130903MA0CONTRACT",
            view => ClaimRules.Decide(view, Deal("deal-2"), april, april.AddDays(30), Outstanding(april, april.AddDays(30)), (100, 1), SortableId.NewId(), "enterprise", Now), Cancel));
        Assert.Contains("closed", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await store.FindProgramAsync(programme.ProgramId, Cancel))!.ClaimsMade);
    }

    [Fact]
    public async Task A_claim_moves_once_from_its_version_with_its_programme_figures_and_event()
    {
        var services = await Store.OpenAsync();
        var store = services.GetRequiredService<ISubsidyStore>();
        var programme = Programme("130903");
        await store.AddProgramAsync(programme, Audit("subsidy-program/" + programme.ProgramId, programme.RegionCode), Cancel);
        var claim = await store.ReserveAsync(programme.ProgramId, "deal-1", "91130903MA0CONTRACT",
            view => ClaimRules.Decide(view, Deal("deal-1"), Contracted, Contracted.AddDays(91), Outstanding(Contracted, Contracted.AddDays(91)), (100, 1), SortableId.NewId(), "enterprise", Now), Cancel);

        var approve = ClaimTransitions.Approve(claim, "official-a", Now);
        Assert.True(await store.TryMoveAsync(approve, claim.Version, Audit("subsidy-claim/" + claim.ClaimId, "130903"), Cancel));
        Assert.False(await store.TryMoveAsync(ClaimTransitions.Reject(claim, "late", Now), claim.Version, Audit("subsidy-claim/" + claim.ClaimId, "130903"), Cancel));
        var pay = ClaimTransitions.Pay(approve.Claim, "official-b", Now);
        Assert.True(await store.TryMoveAsync(pay, approve.Claim.Version, Audit("subsidy-claim/" + claim.ClaimId, "130903"), Cancel));

        // Each move saved its own event and its audit entry; the refused one saved neither.
        var audit = PubSub.TopicOf<AuditRecordedIntegrationEvent>();
        Assert.Equal(
            [audit, PubSub.TopicOf<SubsidyClaimApprovedIntegrationEvent>(), audit, PubSub.TopicOf<SubsidyPaidIntegrationEvent>(), audit],
            await PendingTopicsAsync(services));

        var saved = await store.FindProgramAsync(programme.ProgramId, Cancel);
        Assert.Equal((0L, claim.AmountFen), (saved!.ReservedFen, saved.PaidFen));
        var paid = (await store.FindClaimAsync(claim.ClaimId, Cancel))!;
        Assert.Equal((ClaimStatus.Paid, "official-a", "official-b"), (paid.Status, paid.ApprovedBy, paid.PaidBy));
        Assert.IsType<SubsidyPaidIntegrationEvent>(pay.Announced);
    }

    [Fact]
    public async Task A_correction_replaces_the_quote_only_from_the_corrections_it_was_read_with_and_saves_its_audit_entry()
    {
        var services = await Store.OpenAsync();
        var store = services.GetRequiredService<ISubsidyStore>();
        var quote = new LprQuote(new DateOnly(2025, 5, 20), 300, 350, "o", Now);
        Assert.True(await store.TryRecordLprAsync(quote, Audit("lpr/2025-05-20"), Cancel));
        var corrected = quote.Corrected(310, 360, "operator-1", "typo in the bulletin", Now);
        Assert.True(await store.TryCorrectLprAsync(corrected, 0, Audit("lpr/2025-05-20"), Cancel));
        Assert.False(await store.TryCorrectLprAsync(quote.Corrected(1, 1, "operator-2", "stale", Now), 0, Audit("lpr/2025-05-20"), Cancel));

        Assert.Equal((310, 360, 1), (await store.LprOnAsync(new DateOnly(2025, 6, 1), Cancel)) is { } q ? (q.OneYearBp, q.FiveYearBp, q.CorrectionCount) : default);
        var audit = PubSub.TopicOf<AuditRecordedIntegrationEvent>();
        Assert.Equal([audit, audit], await PendingTopicsAsync(services));
    }

    private static async Task<List<Claim>> AllClaimsAsync(ISubsidyStore store, ClaimQuery query)
    {
        var all = new List<Claim>();
        string? after = null;
        do
        {
            var page = await store.ListClaimsAsync(query, 100, after, Cancel);
            all.AddRange(page.Items);
            after = page.LastKey;
        }
        while (after is not null);
        return all;
    }

    private async Task<ISubsidyStore> StoreAsync() => (await Store.OpenAsync()).GetRequiredService<ISubsidyStore>();

    private static SubsidyProgram Programme(string region) => new(
        SortableId.NewId(), "Programme " + region, RateRule.Fixed, 100, 0, 100_000_000, 12, 1_000_000_000, new DateOnly(2025, 3, 16), new DateOnly(2026, 12, 31),
        new ProgramEligibility([], [], []), [new FundingShare("central", 9000), new FundingShare("province", 1000)], region, 365, 0, 0, 1, "official", Now);

    private static Deal Deal(string id) => new(
        id, "91130903MA0CONTRACT", "bank-a", "130903", "I65", SizeClass.Small, ProductKind.Credit, true, 100_000_000, 345, 12, Contracted);

    // A balance above any cap on every day of the period: the claim counts the deal's whole principal.
    private static IReadOnlyList<BalanceRun> Outstanding(DateOnly start, DateOnly end) => [new BalanceRun(start, end, 1_000_000_000_000)];
}

public sealed class SqliteSubsidyStoreTests() : SubsidyStoreContract(StoreKind.Sqlite);

public sealed class MongoSubsidyStoreTests() : SubsidyStoreContract(StoreKind.MongoDb);
