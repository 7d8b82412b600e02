using FinanceMarket.ServiceDefaults.Idempotency;
using FinanceMarket.ServiceDefaults.Hosting;
using FinanceMarket.Subsidies.Model;
using FinanceMarket.Subsidies.V1;
using Grpc.Core;
using RateRule = FinanceMarket.Subsidies.Model.RateRule;
using MatchingV1 = FinanceMarket.Matching.V1;
using LoansV1 = FinanceMarket.Loans.V1;

namespace FinanceMarket.Subsidies.Grpc;

// A quote and a claim go through the same checks and are decided by the same ClaimRules.Decide over the
// same ReservationView, so a quote is refused where the claim would be and agrees with it to the fen.
internal sealed partial class SubsidiesService
{
    public override async Task<V1.Claim> SubmitClaim(SubmitClaimRequest request, ServerCallContext context)
    {
        var claim = await CheckClaimAsync(request, context);
        var claimId = SortableId.NewId(time);
        // The claim is decided inside the reservation's transaction; its answer is saved there with the key.
        var call = IdempotentCall.Current;
        var saved = await store.ReserveAsync(claim.Program.ProgramId, claim.Deal.ApplicationId, claim.Deal.Uscc, view =>
        {
            var decided = claim.Decide(view, claimId, time.GetUtcNow());
            call?.Give(SubsidiesMapping.ToProto(decided));
            return decided;
        }, context.CancellationToken);
        return SubsidiesMapping.ToProto(saved);
    }

    public override async Task<ClaimQuote> QuoteClaim(SubmitClaimRequest request, ServerCallContext context)
    {
        var claim = await CheckClaimAsync(request, context);
        var view = await store.ViewAsync(claim.Program.ProgramId, claim.Deal.ApplicationId, claim.Deal.Uscc, context.CancellationToken);
        // The decided claim is never saved, so it needs no id of its own.
        var quoted = claim.Decide(view, claimId: string.Empty, time.GetUtcNow());
        return SubsidiesMapping.ToQuote(quoted, view.Program.RemainingFen - quoted.AmountFen);
    }

    // Everything a claim must pass before the store's view decides it: the caller, the fields, the deal as
    // matching reports it to this caller, the programme's eligibility rules and the subsidised rate.
    private async Task<CheckedClaim> CheckClaimAsync(SubmitClaimRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        if (caller.IsOfficial)
        {
            Caller.Deny("The enterprise of the deal, or the bank that granted it, claims; an official approves.");
        }

        var v = new Violations();
        if (!Guid.TryParse(request.ProgramId, out _))
        {
            v.NotAnId("programId", "programme");
        }

        if (!Guid.TryParse(request.ApplicationId, out _))
        {
            v.NotAnId("applicationId", "application");
        }

        v.ThrowIfAny();
        var (start, end) = ClaimRules.ValidatePeriod(request.PeriodStart, request.PeriodEnd);

        var program = await FindProgramAsync(request.ProgramId, context.CancellationToken);
        var deal = await ReadDealAsync(request.ApplicationId, context);
        var own = caller.IsEnterprise ? UnifiedSocialCreditCode.Normalize(caller.Subject) == deal.Uscc : caller.Subject == deal.BankId;
        if (!own)
        {
            Caller.Deny("An enterprise claims only for its own loans, a bank only for loans it granted.");
        }

        ClaimRules.CheckEligibility(program, deal, start, end, ChinaTime.Today(time));
        var lpr = program.RateRule == RateRule.AboveLprMinus ? await store.LprOnAsync(deal.ContractDate, context.CancellationToken) : null;
        var rate = ClaimRules.SubsidisedRate(program, deal, lpr);
        var balances = await ReadBalancesAsync(deal.ApplicationId, start, end, context);
        return new CheckedClaim(program, deal, start, end, balances, rate, caller.Role + ":" + caller.Subject, lpr?.Describe(deal.TermMonths));
    }

    // What was outstanding on each day of the period, as the loan ledger reports it to this caller (it makes its
    // own ownership check): the loan opened at the approval and its renewals.
    private async Task<IReadOnlyList<BalanceRun>> ReadBalancesAsync(string applicationId, DateOnly start, DateOnly end, ServerCallContext context)
    {
        var answer = await ResilientGrpcClients.ReadAsync("The loan ledger", () =>
            loans.GetBalanceSegmentsAsync(new LoansV1.GetBalanceSegmentsRequest { ApplicationId = applicationId, PeriodStart = Dates.Day(start), PeriodEnd = Dates.Day(end) },
                ForwardedCredentials.From(context), cancellationToken: context.CancellationToken).ResponseAsync);
        return [.. answer.Segments.Select(s => new BalanceRun(Day(s.From), Day(s.To), s.PrincipalFen))];
    }

    private static DateOnly Day(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    // The approved deal, as matching reports it to this caller (matching makes its own ownership check).
    private async Task<Deal> ReadDealAsync(string applicationId, ServerCallContext context)
    {
        var application = await ResilientGrpcClients.ReadAsync("Matching, where deals are kept,", () =>
            matching.GetApplicationAsync(new MatchingV1.GetApplicationRequest { ApplicationId = applicationId },
                ForwardedCredentials.From(context), cancellationToken: context.CancellationToken).ResponseAsync);
        if (application.Status != MatchingV1.ApplicationStatus.Approved || application.Deal is null)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition,
                $"Application {applicationId} is {application.Status.ToString().ToUpperInvariant()}, not an approved deal; only approved loans accrue interest to subsidise."));
        }

        var deal = application.Deal;
        // An official may have corrected the enterprise's size since it applied: the claim goes by what it is now.
        // Otherwise it goes by the size class the application was matched with: verified by credit data where there was some.
        var corrected = await sizes.CorrectedSizeOfAsync(application.Uscc, context.CancellationToken);
        var size = corrected ?? ProtoEnums.ToDomain<SizeClass>(application.SizeClass);
        return new Deal(
            application.ApplicationId, application.Uscc, application.BankId, application.RegionCode, application.IndustryCode,
            size, ProtoEnums.ToDomain<ProductKind>(application.ProductKind), application.SubsidyEligible,
            deal.GrantedAmountFen, deal.AnnualRateBp, deal.TermMonths,
            DateOnly.ParseExact(deal.ContractDate, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
        {
            SizeVerifiedBy = corrected is null && application.SizeClassVerifiedBy is { Length: > 0 } by ? by : null,
            EnterpriseName = application.EnterpriseName is { Length: > 0 } enterprise ? enterprise : null,
            // Matching shows the id until its directory has read a new bank's name: then none is kept.
            BankName = application.BankName is { Length: > 0 } bank && bank != application.BankId ? bank : null,
        };
    }

    // The programme here was read before the store's view: it settles eligibility and the rate, while the
    // budget, the overlaps and the principal cap are decided on the view, read where the claim would be saved.
    private sealed record CheckedClaim(
        SubsidyProgram Program, Deal Deal, DateOnly Start, DateOnly End, IReadOnlyList<BalanceRun> Balances, (long Numerator, long Denominator) Rate, string SubmittedBy,
        string? RateBasis)
    {
        // The eligibility and the rate were settled on the programme as read before the transaction: an edit
        // since (only possible before its first claim) would mix two sets of terms in one claim.
        public Model.Claim Decide(ReservationView view, string claimId, DateTimeOffset now) =>
            view.Program.UpdatedAt != Program.UpdatedAt
                ? throw new ConflictException($"Programme {Program.ProgramId} was edited while the claim was being made; make the claim again on its terms as they are now.")
                : ClaimRules.Decide(view, Deal, Start, End, Balances, Rate, claimId, SubmittedBy, now, RateBasis);
    }
}
