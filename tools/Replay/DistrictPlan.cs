using FinanceMarket.Domain;

namespace FinanceMarket.Replay;

// What a district's year holds, drawn from a seed: the same seed and scale give the same enterprises,
// banks, products, applications, amounts and claims, so a replay is reproducible and its ground truth is
// known before the first request. Scale 1 is the reference district of docs/domain.md (Yunhe, 2022).
public sealed record DistrictPlan(
    string RegionCode,
    IReadOnlyList<PlannedBank> Banks,
    IReadOnlyList<PlannedEnterprise> Enterprises,
    IReadOnlyList<PlannedApplication> Applications,
    IReadOnlyList<PlannedProgramme> Programmes)
{
    public const int Months = 12;

    // The reference year at scale 1.
    public const int ReferenceEnterprises = 7_654;
    public const int ReferenceDeals = 558;
    public const long ReferenceCreditFen = 848_000_000_00;
    public const long ReferenceSubsidisedPrincipalFen = 24_560_000_00;

    private const long Wan = 10_000_00; // 万元 in fen
    private const long MinDealFen = 10 * Wan;
    private const long MaxDealFen = 1_000 * Wan;
    private const long MaxSubsidisedDealFen = 300 * Wan;

    public long CreditFen => Applications.Where(a => a.Outcome == Outcome.Approved).Sum(a => a.AmountFen);

    public long SubsidisedPrincipalFen => Applications.Where(a => a.Programme is not null).Sum(a => a.AmountFen);

    public static DistrictPlan Create(int seed, decimal scale, string regionCode = "130903")
    {
        if (scale is < 0.01m or > 100m)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "scale must be between 0.01 and 100");
        }

        var random = new Random(seed);
        var enterpriseCount = Scaled(ReferenceEnterprises, scale);
        var deals = Math.Max(2, Scaled(ReferenceDeals, scale));
        var creditFen = Scaled(ReferenceCreditFen / 100, scale) * 100;
        var subsidisedFen = Scaled(ReferenceSubsidisedPrincipalFen / 100, scale) * 100;
        var subsidisedDeals = Math.Clamp((int)Math.Round(24 * scale), 1, deals - 1);
        var rejected = (int)Math.Round(deals * 0.22);
        var expired = Math.Max(1, (int)Math.Round(deals * 0.03));

        var banks = PlannedBank.District;
        var enterprises = new List<PlannedEnterprise>(enterpriseCount);
        var codes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < enterpriseCount; i++)
        {
            enterprises.Add(PlannedEnterprise.Draw(random, regionCode, i % Months, codes));
        }

        // Borrowers: each application by a different enterprise that can borrow (rated A or B, three years old).
        var applicants = enterprises.Where(e => e.CanBorrow).OrderBy(_ => random.Next()).ToList();
        var applicationCount = deals + rejected + expired;
        if (applicants.Count < applicationCount)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "too few enterprises for the district's applications at this scale");
        }

        // Subsidised deals go to small and micro firms, each in the programme of its sector.
        var forSubsidy = applicants.Where(e => e.SizeClass is SizeClass.Small or SizeClass.Micro).Take(subsidisedDeals).ToList();
        if (forSubsidy.Count < subsidisedDeals)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "too few small firms for the subsidised deals at this scale");
        }

        var others = applicants.Except(forSubsidy).ToList();
        var subsidisedAmounts = Split(random, subsidisedFen, subsidisedDeals, MinDealFen, MaxSubsidisedDealFen);
        var otherAmounts = Split(random, creditFen - subsidisedFen, deals - subsidisedDeals, MinDealFen, MaxDealFen);
        var programmes = PlannedProgramme.District;

        var applications = new List<PlannedApplication>(applicationCount);
        for (var i = 0; i < subsidisedDeals; i++)
        {
            var enterprise = forSubsidy[i];
            applications.Add(Draw(random, banks, enterprise, Outcome.Approved, subsidisedAmounts[i], programmes.First(p => p.Covers(enterprise.IndustryCode))));
        }

        for (var i = 0; i < deals - subsidisedDeals; i++)
        {
            applications.Add(Draw(random, banks, others[i], Outcome.Approved, otherAmounts[i], null));
        }

        foreach (var enterprise in others.Skip(deals - subsidisedDeals).Take(rejected))
        {
            applications.Add(Draw(random, banks, enterprise, Outcome.Rejected, RoundedWan(random, 20, 600), null));
        }

        foreach (var enterprise in others.Skip(deals - subsidisedDeals + rejected).Take(expired))
        {
            applications.Add(Draw(random, banks, enterprise, Outcome.Expired, RoundedWan(random, 20, 600), null));
        }

        return new DistrictPlan(regionCode, banks, enterprises, WithMarket(applications, seed), programmes);
    }

    private static readonly string[] RejectionCodes = ["CASH_FLOW", "COLLATERAL", "CREDIT_HISTORY", "AMOUNT", "DOCUMENTS"];

    // Drawn from a stream of its own, so that the year's enterprises, deals and amounts stay what the seed
    // gave before the market loop: about 3 in 10 needs broadcast, 8 in 10 decisions after a recorded contact,
    // half the rejected enterprises referring their need on; and each approved loan's life after it.
    private static List<PlannedApplication> WithMarket(List<PlannedApplication> applications, int seed)
    {
        var random = new Random(unchecked(seed * 31 + 7));
        var lives = new Random(unchecked(seed * 31 + 11));
        return [.. applications.Select(a => a with
        {
            Broadcast = random.Next(10) < 3,
            Contact = a.Outcome != Outcome.Expired && random.Next(10) < 8,
            RejectionCode = RejectionCodes[random.Next(RejectionCodes.Length)],
            Refer = a.Outcome == Outcome.Rejected && random.Next(2) == 0,
            Life = a.Outcome != Outcome.Approved ? LoanLife.OnSchedule : LifeOf(lives.Next(100)),
        })];
    }

    // About 1 loan in 12 misses an instalment, 1 in 16 repays part early, 1 in 20 is renewed.
    private static LoanLife LifeOf(int roll) => roll switch
    {
        < 8 => LoanLife.MissesOne,
        < 14 => LoanLife.RepaysEarly,
        < 19 => LoanLife.Renewed,
        _ => LoanLife.OnSchedule,
    };

    // An application is made in the month its enterprise registers; the bank's share follows its weight.
    private static PlannedApplication Draw(Random random, IReadOnlyList<PlannedBank> banks, PlannedEnterprise enterprise, Outcome outcome, long amountFen, PlannedProgramme? programme)
    {
        var roll = random.Next(banks.Sum(b => b.Weight));
        var bank = banks.First(b => (roll -= b.Weight) < 0);
        // Subsidised loans are the banks' tax-based credit loans; the rest also take mortgages.
        var mortgage = programme is null && random.Next(3) == 0;
        var term = (mortgage ? new[] { 12, 24, 36, 60 } : [6, 12, 24, 36])[random.Next(4)];
        var rateBp = 300 + bank.SpreadBp + random.Next(0, 60);
        return new PlannedApplication(enterprise, bank.BankId, mortgage, amountFen, term, rateBp, outcome, programme);
    }

    private static int Scaled(int reference, decimal scale) => (int)Math.Round(reference * scale, MidpointRounding.AwayFromZero);

    private static long Scaled(long reference, decimal scale) => (long)Math.Round(reference * scale, MidpointRounding.AwayFromZero);

    private static long RoundedWan(Random random, int fromWan, int toWan) => random.Next(fromWan, toWan + 1) * Wan;

    // Amounts that add up to the total exactly: drawn in whole 万元 around the mean, the remainder spread
    // over the deals a 万元 at a time, and what is left below a 万元 put on the first deal.
    internal static long[] Split(Random random, long totalFen, int count, long minFen, long maxFen)
    {
        if (count * minFen > totalFen || count * maxFen < totalFen)
        {
            throw new ArgumentOutOfRangeException(nameof(totalFen), totalFen, $"{count} amounts between {minFen} and {maxFen} fen cannot add up to it");
        }

        var weights = Enumerable.Range(0, count).Select(_ => (long)random.Next(40, 161)).ToArray();
        var sum = weights.Sum();
        var wan = (totalFen / Wan) - count * (minFen / Wan);
        var amounts = weights.Select(w => minFen + (Math.Min(wan * w / sum, (maxFen - minFen) / Wan) * Wan)).ToArray();
        var left = totalFen - amounts.Sum();
        for (var i = 0; left >= Wan; i = (i + 1) % count)
        {
            if (amounts[i] + Wan <= maxFen)
            {
                amounts[i] += Wan;
                left -= Wan;
            }
        }

        var spare = Array.FindIndex(amounts, a => a + left <= maxFen);
        amounts[spare] += left;
        return amounts;
    }
}
