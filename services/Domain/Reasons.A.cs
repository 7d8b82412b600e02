namespace FinanceMarket.Domain;

// Codes beside Reasons.cs that the enterprises, catalog, credit, notifications and totals services name.
public static partial class Reasons
{
    // A credit code whose characters 3-8 are six digits but name no GB/T 2260 region.
    public const string UsccRegion = "USCC_REGION";                  // region (characters 3-8)

    // A month (YYYY-MM) outside the months a record may be for: not before min, not after the current month.
    public const string MonthOutOfRange = "MONTH_OUT_OF_RANGE";      // min, max (YYYY-MM), got
}
