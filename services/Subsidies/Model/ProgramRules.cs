namespace FinanceMarket.Subsidies.Model;

// A programme as an official asks for it, before validation (enum values as numbers from the wire).
public sealed record ProgramRequest(
    string? Name,
    int RateRule,
    int RateBp,
    int ShareOfContractRateBp,
    long MaxPrincipalFen,
    int MaxMonths,
    long BudgetFen,
    string? ContractFrom,
    string? ContractTo,
    IReadOnlyList<int> SizeClasses,
    IReadOnlyList<string> IndustryCodes,
    IReadOnlyList<int> ProductKinds,
    IReadOnlyList<FundingShare> FundingShares,
    string? RegionCode,
    int DayCountBasis);

public static class ProgramRules
{
    public const int MaxSubsidyRateBp = 1000;
    public const int MaxPayers = 10;
    public static readonly DateOnly EarliestContract = new(2000, 1, 1);

    public const int DefaultDayCountBasis = 365;

    // more: the request's own fields beside the programme's (an edit's expectedVersion), reported with them.
    public static SubsidyProgram Validate(ProgramRequest r, Caller caller, TimeProvider time, Action<Violations>? more = null)
    {
        var v = new Violations();
        more?.Invoke(v);
        v.Text("name", r.Name);
        var rule = r.RateRule == 0 ? RateRule.Fixed : (RateRule)r.RateRule;
        if (!Enum.IsDefined(rule))
        {
            v.Add("rateRule", Reasons.NotOneOf, "must be one of FIXED, ABOVE_LPR_MINUS, MIN_OF_FIXED_AND_SHARE",
                ("allowed", Enum.GetValues<RateRule>().Select(k => k.Wire())), ("got", r.RateRule));
        }

        // ABOVE_LPR_MINUS names the distance below the LPR the borrower pays up to (0 = the LPR itself).
        v.Range("rateBp", r.RateBp, rule == RateRule.AboveLprMinus ? 0 : 1, MaxSubsidyRateBp);
        if (rule == RateRule.MinOfFixedAndShare)
        {
            v.Range("shareOfContractRateBp", r.ShareOfContractRateBp, 1, 10_000);
        }
        else
        {
            v.Require(r.ShareOfContractRateBp == 0, "shareOfContractRateBp", Reasons.NotApplicable, "applies to MIN_OF_FIXED_AND_SHARE only",
                ("when", "rateRule=" + RateRule.MinOfFixedAndShare.Wire()));
        }

        v.Range("maxPrincipalFen", r.MaxPrincipalFen, 1, Limits.MaxLoanFen);
        v.Range("maxMonths", r.MaxMonths, 1, Limits.MaxTermMonths);
        v.Range("budgetFen", r.BudgetFen, 1, Limits.MaxLoanFen);
        var from = v.Date("contractFrom", r.ContractFrom);
        var to = v.Date("contractTo", r.ContractTo);
        if (from is { } f && to is { } t && t < f)
        {
            v.Add("contractTo", Reasons.BelowField, "must not be before contractFrom", ("field", "contractFrom"), ("min", f));
        }

        // Interest subsidies of this kind began with the 2000s' SME credit policies; a window reaching back
        // before that (0001-01-01 was accepted once) would make every old deal eligible.
        v.Require(from is not { } early || early >= EarliestContract, "contractFrom", Reasons.DateOutOfRange,
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"must be on or after {EarliestContract:yyyy-MM-dd}"),
            ("min", EarliestContract), ("max", Violations.LatestDate), ("got", from));

        var sizes = v.Enums<SizeClass>("eligibility.sizeClasses", r.SizeClasses);
        var industries = v.Codes("eligibility.industryCodes", r.IndustryCodes, IndustryCode.Normalize, IndustryCode.Problem);
        var kinds = v.Enums<ProductKind>("eligibility.productKinds", r.ProductKinds);

        var region = string.IsNullOrEmpty(r.RegionCode) ? caller.Region ?? string.Empty : r.RegionCode.Trim();
        if (RegionCode.PrefixProblem(region) is { } problem)
        {
            v.Add("regionCode", problem);
        }
        var basis = r.DayCountBasis == 0 ? DefaultDayCountBasis : r.DayCountBasis;
        v.Require(basis is 360 or 365, "dayCountBasis", Reasons.NotOneOf, "must be 365 (the default) or 360", ("allowed", "365,360"), ("got", basis));
        var shares = Shares(v, r.FundingShares, region);
        v.ThrowIfAny();
        if (!caller.Covers(region))
        {
            Caller.Deny($"Region {region} is outside this official's region {caller.Region}.");
        }

        return new SubsidyProgram(
            SortableId.NewId(time), r.Name!.Trim(), rule, r.RateBp, r.ShareOfContractRateBp, r.MaxPrincipalFen, r.MaxMonths, r.BudgetFen,
            from!.Value, to!.Value, new ProgramEligibility(sizes, industries, kinds), shares, region, basis,
            ReservedFen: 0, PaidFen: 0, Version: 1, caller.Subject, time.GetUtcNow());
    }

    // The programme's terms again, whole, while no claim was ever made on it; what it has become (its id,
    // creation, version) stays. Refused once closed or claimed on: a claim was decided on the terms it had.
    public static SubsidyProgram Revise(SubsidyProgram current, SubsidyProgram asked, DateTimeOffset now)
    {
        if (current.Closed is { } closed)
        {
            throw new PreconditionException($"Programme {current.ProgramId} was closed on {Dates.Day(ChinaTime.DateOf(closed.At))}; a closed programme is not edited.");
        }

        if (current.ClaimsMade > 0)
        {
            throw new PreconditionException(
                $"Programme {current.ProgramId} has claims made on its terms; they are fixed now: close it and create another.");
        }

        return asked with
        {
            ProgramId = current.ProgramId, CreatedBy = current.CreatedBy, CreatedAt = current.CreatedAt, Version = current.Version + 1,
            ReservedFen = current.ReservedFen, PaidFen = current.PaidFen, UpdatedAt = now,
        };
    }

    // Who pays what part; without a split the programme's region pays it all.
    private static List<FundingShare> Shares(Violations v, IReadOnlyList<FundingShare> shares, string region)
    {
        if (shares.Count == 0)
        {
            return [new FundingShare("region " + region, 10_000)];
        }

        if (shares.Count > MaxPayers)
        {
            v.Add("fundingShares", Reasons.TooManyEntries, $"must have at most {MaxPayers} payers", ("max", MaxPayers));
            return [];
        }

        for (var i = 0; i < shares.Count; i++)
        {
            v.Text($"fundingShares[{i}].payer", shares[i].Payer, 100);
            v.Range($"fundingShares[{i}].shareBp", shares[i].ShareBp, 1, 10_000);
        }

        v.Require(shares.Select(s => s.Payer?.Trim()).Distinct().Count() == shares.Count, "fundingShares", Reasons.RepeatedEntry, "must not name a payer twice");
        var total = shares.Sum(s => (long)s.ShareBp);
        v.Require(total == 10_000, "fundingShares", Reasons.SumNot, $"must add up to 10000 bp (100 %); they add up to {total}", ("expectedBp", 10_000), ("gotBp", total));
        return [.. shares.Select(s => new FundingShare(s.Payer?.Trim() ?? string.Empty, s.ShareBp))];
    }
}
