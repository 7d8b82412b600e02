namespace FinanceMarket.Loans.Model;

// Repayment plans the usual ways, in whole fen: interest for a month is the balance × the annual rate / 12,
// rounded half up; the last instalment takes whatever principal is left, so the principal adds up exactly.
public static class Schedules
{
    public const int MaxInstalments = 360;

    public static IReadOnlyList<Instalment> Generate(ScheduleKind kind, long principalFen, int rateBp, DateOnly startOn, int months)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(principalFen);
        ArgumentOutOfRangeException.ThrowIfNegative(rateBp);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(months);
        var payment = kind == ScheduleKind.EqualInstalment && rateBp > 0 ? EqualPayment(principalFen, rateBp, months) : 0;
        var instalments = new List<Instalment>(months);
        var balance = principalFen;
        for (var n = 1; n <= months; n++)
        {
            var interest = MonthlyInterest(balance, rateBp);
            var principal = n == months ? balance : kind switch
            {
                ScheduleKind.EqualPrincipal => principalFen / months,
                ScheduleKind.InterestOnlyBullet => 0,
                ScheduleKind.EqualInstalment when rateBp == 0 => principalFen / months,
                ScheduleKind.EqualInstalment => Math.Clamp(payment - interest, 0, balance),
                _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "only the usual plans are generated"),
            };
            instalments.Add(new Instalment(n, startOn.AddMonths(n), principal, interest));
            balance -= principal;
        }

        return instalments;
    }

    // One month's interest on a balance at an annual rate in basis points: balance × bp / (10,000 × 12).
    public static long MonthlyInterest(long balanceFen, int rateBp) =>
        (long)(((Int128)2 * balanceFen * rateBp + 120_000) / 240_000);

    // 等额本息: P × r × (1 + r)^n / ((1 + r)^n − 1) with r the monthly rate, to the fen, half up. Decimal
    // keeps 28 digits, far more than a payment in fen needs.
    public static long EqualPayment(long principalFen, int rateBp, int months)
    {
        var r = rateBp / 120_000m;
        var growth = 1m;
        for (var i = 0; i < months; i++)
        {
            growth *= 1 + r;
        }

        return (long)Math.Round(principalFen * r * growth / (growth - 1), MidpointRounding.AwayFromZero);
    }
}
