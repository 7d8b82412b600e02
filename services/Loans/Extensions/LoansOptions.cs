namespace FinanceMarket.Loans.Extensions;

// Bound from "FinanceMarket:Loans".
public sealed class LoansOptions
{
    public const string Section = "FinanceMarket:Loans";

    // How often the check looks for active loans whose scheduled principal is unpaid after its due day.
    public TimeSpan OverdueCheckEvery { get; set; } = TimeSpan.FromMinutes(10);
}
