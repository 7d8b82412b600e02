using static FinanceMarket.Domain.Dates;
using System.Globalization;

namespace FinanceMarket.Subsidies.Model;

// Whether a deal may claim under a programme for a period, and for how much: the rules of docs/domain.md.
public static class ClaimRules
{
    public static (DateOnly Start, DateOnly End) ValidatePeriod(string? periodStart, string? periodEnd)
    {
        var v = new Violations();
        var start = v.Date("periodStart", periodStart);
        var end = v.Date("periodEnd", periodEnd);
        if (start is { } s && end is { } e && e <= s)
        {
            v.Add("periodEnd", Reasons.NotAfterField, "must be after periodStart (the first day counts, the last does not)", ("field", "periodStart"), ("min", s));
        }

        v.ThrowIfAny();
        return (start!.Value, end!.Value);
    }

    // Every reason the deal cannot claim under the programme for this period; none when it can.
    public static void CheckEligibility(SubsidyProgram program, Deal deal, DateOnly start, DateOnly end, DateOnly today)
    {
        RequireOpen(program);
        var v = new Violations();
        // Interest is subsidised once it has accrued: a period ending today covers interest up to yesterday.
        if (end > today)
        {
            v.Add("periodEnd", Reasons.InterestNotAccrued, $"is after today ({Day(today)}): the interest of the period has not accrued yet; claim on or after {Day(end)}",
                ("today", today), ("claimOn", end));
        }

        var loanEnds = deal.ContractDate.AddMonths(deal.TermMonths);
        var programmeEnds = deal.ContractDate.AddMonths(program.MaxMonths);
        if (start < deal.ContractDate)
        {
            v.Add("periodStart", Reasons.BeforeContractDate, $"is before the loan's contract date {Day(deal.ContractDate)}", ("contractDate", deal.ContractDate));
        }

        if (end > loanEnds)
        {
            v.Add("periodEnd", Reasons.BeyondLoanTerm, $"lies beyond the loan's term, which ends {Day(loanEnds)}", ("endsOn", loanEnds));
        }
        else if (end > programmeEnds)
        {
            v.Add("periodEnd", Reasons.BeyondProgrammeMonths, $"lies beyond the programme's {program.MaxMonths} months of subsidy, which end {Day(programmeEnds)}",
                ("maxMonths", program.MaxMonths), ("endsOn", programmeEnds));
        }

        v.ThrowIfAny();

        var reasons = new List<string>();
        if (!deal.SubsidyEligible)
        {
            reasons.Add("the loan's product is not marked as qualifying for interest subsidies");
        }

        if (deal.ContractDate < program.ContractFrom || deal.ContractDate > program.ContractTo)
        {
            reasons.Add($"the contract date {Day(deal.ContractDate)} is outside the programme's window {Day(program.ContractFrom)} to {Day(program.ContractTo)}");
        }

        if (program.Eligibility.SizeClasses.Count > 0 && !program.Eligibility.SizeClasses.Contains(deal.SizeClass))
        {
            reasons.Add($"the programme is for {string.Join(", ", program.Eligibility.SizeClasses.Select(s => s.Wire()))} enterprises; this one is {deal.SizeClass.Wire()}"
                + (deal.SizeVerifiedBy is { } by ? $" (verified by {by})" : string.Empty));
        }

        if (program.Eligibility.IndustryCodes.Count > 0 && !program.Eligibility.IndustryCodes.Any(c => IndustryCode.Covers(c, deal.IndustryCode)))
        {
            reasons.Add($"the programme is for industries {string.Join(", ", program.Eligibility.IndustryCodes)}; this one is {deal.IndustryCode}");
        }

        if (program.Eligibility.ProductKinds.Count > 0 && !program.Eligibility.ProductKinds.Contains(deal.ProductKind))
        {
            reasons.Add($"the programme is for {string.Join(", ", program.Eligibility.ProductKinds.Select(k => k.Wire()))} loans; this one is {deal.ProductKind.Wire()}");
        }

        if (!RegionCode.Covers(program.RegionCode, deal.RegionCode))
        {
            reasons.Add($"the programme covers region {program.RegionCode}; the borrower is in {deal.RegionCode}");
        }

        if (reasons.Count > 0)
        {
            throw new PreconditionException("The deal cannot claim under this programme: " + string.Join("; ", reasons) + ".");
        }
    }

    private static void RequireOpen(SubsidyProgram program)
    {
        if (program.Closed is { } closed)
        {
            throw new PreconditionException(
                $"Programme {program.ProgramId} was closed on {Day(ChinaTime.DateOf(closed.At))} ({closed.Reason}); it takes no new claims.");
        }
    }

    // The subsidised annual rate, as a fraction of basis points: never more than the contract rate itself.
    public static (long Numerator, long Denominator) SubsidisedRate(SubsidyProgram program, Deal deal, LprQuote? lpr)
    {
        var contract = deal.AnnualRateBp;
        (long, long) rate = program.RateRule switch
        {
            RateRule.Fixed => (Math.Min(program.RateBp, contract), 1),
            RateRule.AboveLprMinus => (Math.Clamp(contract - Math.Max(0, RequireLpr(lpr, deal).For(deal.TermMonths) - program.RateBp), 0, contract), 1),
            RateRule.MinOfFixedAndShare => (long)program.RateBp * 10_000 <= (long)contract * program.ShareOfContractRateBp
                ? (program.RateBp, 1)
                : ((long)contract * program.ShareOfContractRateBp, 10_000),
            _ => throw new InvalidOperationException($"Unknown rate rule {program.RateRule}"),
        };
        if (rate.Item1 == 0)
        {
            throw new PreconditionException($"Nothing to subsidise: the contract rate {contract} bp is at or below what the borrower pays under this programme.");
        }

        return rate;
    }

    // Decides the claim on what the store read inside its transaction, or refuses it with the reason. The
    // interest is on the balance actually outstanding (the loan ledger's runs of one balance over the period),
    // each run's principal counted up to the borrower's cap, summed, and rounded once.
    public static Claim Decide(
        ReservationView view, Deal deal, DateOnly start, DateOnly end, IReadOnlyList<BalanceRun> balances, (long Numerator, long Denominator) rate, string claimId,
        string submittedBy, DateTimeOffset now, string? rateBasis = null)
    {
        var program = view.Program;
        // Read again inside the claim's transaction: a programme closed a moment ago takes this claim no more.
        RequireOpen(program);
        if (view.DealClaims.FirstOrDefault(c => c.Status != ClaimStatus.Rejected && c.Overlaps(start, end)) is { } overlapping)
        {
            throw new PreconditionException($"The period overlaps claim {overlapping.ClaimId} ({Day(overlapping.PeriodStart)} to {Day(overlapping.PeriodEnd)}, programme {overlapping.ProgramId}): a loan's interest is subsidised once.");
        }

        // The cap is per borrower: a deal's principal is counted once, at its first claim, from what is left.
        if (!view.BorrowerPrincipal.TryGetValue(deal.ApplicationId, out var principal))
        {
            var usedElsewhere = view.BorrowerPrincipal.Values.Sum();
            principal = Math.Min(deal.GrantedAmountFen, Math.Max(0, program.MaxPrincipalFen - usedElsewhere));
            if (principal == 0)
            {
                throw new PreconditionException($"The borrower's principal cap of {Money.Yuan(program.MaxPrincipalFen)} yuan under this programme is used up by its other loans.");
            }
        }

        var runs = balances.Where(b => b.PrincipalFen > 0 && b.From >= start && b.To <= end && b.Days > 0).ToList();
        if (runs.Count == 0)
        {
            throw new PreconditionException(
                $"Nothing was outstanding on the loan from {Day(start)} to {Day(end)} (not yet paid out, or repaid): there is no interest to subsidise.");
        }

        var basis = program.DayCountBasis;
        var segments = runs.Select(r => Counted(r, Math.Min(r.PrincipalFen, principal), rate, basis)).ToList();
        var days = SubsidyMath.Days(start, end);
        var amount = SubsidyMath.InterestOnBalances([.. segments.Select(s => (s.PrincipalFen, s.Days))], rate.Numerator, rate.Denominator, basis);
        if (amount == 0)
        {
            throw new PreconditionException("The claim comes to 0 fen; claim a longer period.");
        }

        if (amount > program.RemainingFen)
        {
            throw new PreconditionException($"Over budget: the claim comes to {Money.Yuan(amount)} yuan and the programme has {Money.Yuan(program.RemainingFen)} yuan left.");
        }

        var calculation = string.Create(CultureInfo.InvariantCulture,
            $"{string.Join(" + ", segments.Select(s => $"{Money.Yuan(s.PrincipalFen)} yuan × {s.Days} days ({Day(s.From)} to {Day(s.To)})"))} at {SubsidyMath.Bp(rate.Numerator, rate.Denominator)} / {basis} = {Exact(segments, rate, basis)} fen → {amount} fen (rounded half up once)")
            + (rateBasis is null ? string.Empty : "; rate from " + rateBasis);
        return new Claim(
            claimId, program.ProgramId, deal.ApplicationId, deal.Uscc, deal.BankId, deal.RegionCode, deal.IndustryCode, start, end,
            principal, days, rate.Numerator, rate.Denominator, basis, amount, calculation, SubsidyMath.Split(amount, program.FundingShares),
            ClaimStatus.Pending, submittedBy, now, null, null, null, Version: 1)
        {
            Segments = segments,
            ProgramName = program.Name,
            EnterpriseName = deal.EnterpriseName,
            BankName = deal.BankName,
        };
    }


    private static ClaimSegment Counted(BalanceRun run, long principalFen, (long Numerator, long Denominator) rate, int basis) =>
        new(run.From, run.To, principalFen, run.Days, SubsidyMath.ExactShare(principalFen, run.Days, rate.Numerator, rate.Denominator, basis));

    private static LprQuote RequireLpr(LprQuote? lpr, Deal deal) => lpr
        ?? throw new PreconditionException($"No LPR is recorded in force on the contract date {Day(deal.ContractDate)}; the platform's operator records it first (POST /api/v1/lpr).");

    private static string Exact(IReadOnlyList<ClaimSegment> segments, (long Numerator, long Denominator) rate, int basis)
    {
        var value = segments.Sum(s => (decimal)s.PrincipalFen * s.Days) * rate.Numerator / (10_000m * rate.Denominator * basis);
        return value.ToString("0.######", CultureInfo.InvariantCulture);
    }
}
