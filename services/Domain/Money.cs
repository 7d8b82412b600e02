using System.Globalization;

namespace FinanceMarket.Domain;

public static class Money
{
    // 800,000,000 fen → "8,000,000"; 123,456 fen → "1,234.56". Exact: integer arithmetic only.
    public static string Yuan(long fen)
    {
        var yuan = (fen / 100).ToString("N0", CultureInfo.InvariantCulture);
        var cents = Math.Abs(fen % 100);
        return cents == 0 ? yuan : $"{yuan}.{cents:00}";
    }
}
