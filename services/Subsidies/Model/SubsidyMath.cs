using System.Globalization;

namespace FinanceMarket.Subsidies.Model;

// Exact money: integers throughout (Int128 where a product of fen, basis points and days could pass
// 2^63), one rounding, half up, at the very end.
public static class SubsidyMath
{
    // principal × (rate numerator / denominator) bp × days / (10,000 × basis), rounded half up to the fen.
    public static long Interest(long principalFen, long rateNumerator, long rateDenominator, int days, int basis) =>
        InterestOnBalances([(principalFen, days)], rateNumerator, rateDenominator, basis);

    // Interest on a balance that changes within the period: Σ principal × days over the runs of one balance,
    // × the rate / (10,000 × basis), rounded half up once at the end (rounding each run first could be a fen
    // off). Exact in Int128.
    public static long InterestOnBalances(IReadOnlyList<(long PrincipalFen, int Days)> runs, long rateNumerator, long rateDenominator, int basis)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rateNumerator);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rateDenominator);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(basis);
        var principalDays = Int128.Zero;
        foreach (var (principal, days) in runs)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(principal);
            ArgumentOutOfRangeException.ThrowIfNegative(days);
            principalDays += (Int128)principal * days;
        }

        var numerator = principalDays * rateNumerator;
        var denominator = (Int128)10_000 * rateDenominator * basis;
        return (long)(((2 * numerator) + denominator) / (2 * denominator));
    }

    // A run's share before the one rounding, to the hundredth of a fen (shown, never paid).
    public static string ExactShare(long principalFen, int days, long rateNumerator, long rateDenominator, int basis) =>
        Math.Round((decimal)principalFen * days * rateNumerator / (10_000m * rateDenominator * basis), 2, MidpointRounding.AwayFromZero)
            .ToString("0.00", CultureInfo.InvariantCulture);

    // Days the banks' way (算头不算尾): the first day counts, the last does not.
    public static int Days(DateOnly start, DateOnly end) => end.DayNumber - start.DayNumber;

    // Splits an amount by shares (basis points adding up to 10,000) so that the parts add up exactly:
    // each payer gets the floor of its share, and the fen left over go one each to the largest remainders
    // (the earlier payer first on a tie).
    public static IReadOnlyList<IntegrationEvents.PayerAmount> Split(long amountFen, IReadOnlyList<FundingShare> shares)
    {
        var floors = shares.Select(s => (Int128)amountFen * s.ShareBp / 10_000).ToArray();
        var remainders = shares.Select((s, i) => ((Int128)amountFen * s.ShareBp) - (floors[i] * 10_000)).ToArray();
        var left = amountFen - (long)floors.Aggregate(Int128.Zero, (a, b) => a + b);
        foreach (var i in Enumerable.Range(0, shares.Count).OrderByDescending(i => remainders[i]).ThenBy(i => i).Take((int)left))
        {
            floors[i] += 1;
        }

        return [.. shares.Select((s, i) => new IntegrationEvents.PayerAmount(s.Payer, s.ShareBp, (long)floors[i]))];
    }

    // "172.5 bp" for 345 × 5,000 / 10,000: a rate as a person reads it, exact to the digit.
    public static string Bp(long numerator, long denominator)
    {
        var whole = numerator / denominator;
        var rest = numerator % denominator;
        if (rest == 0)
        {
            return whole.ToString(CultureInfo.InvariantCulture) + " bp";
        }

        var digits = (decimal)numerator / denominator;
        return digits.ToString("0.####", CultureInfo.InvariantCulture) + " bp";
    }
}
