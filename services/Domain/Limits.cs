namespace FinanceMarket.Domain;

// Bounds past which a figure is a typing error, not a firm or a loan.
public static class Limits
{
    // 10 trillion yuan: above the revenue or assets of any enterprise.
    public const long MaxEnterpriseFiguresFen = 1_000_000_000_000_000;

    // 100 billion yuan for one loan.
    public const long MaxLoanFen = 10_000_000_000_000;

    public const int MaxEmployees = 10_000_000;

    public const int MaxTermMonths = 360;

    // Spreads over LPR from -LPR to +20 percentage points.
    public const int MinSpreadBp = -500;
    public const int MaxSpreadBp = 2000;

    public const int MaxDecisionSlaDays = 60;

    public const int MaxYearsInOperation = 100;

    public const int MaxListEntries = 50;

    public static readonly DateOnly EarliestDate = new(1900, 1, 1);
}
