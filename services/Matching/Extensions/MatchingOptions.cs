using FinanceMarket.ServiceDefaults.Hosting;

namespace FinanceMarket.Matching.Extensions;

// Bound from "FinanceMarket:Matching".
public sealed class MatchingOptions
{
    public const string Section = "FinanceMarket:Matching";

    // The LPR estimated rates are priced on, and approvals are bounded by (4 × the 1-year LPR, the
    // ceiling courts protect for lending). Data, not code: 3.00 % / 3.50 % since 20 May 2025.
    public int LprOneYearBp { get; set; } = 300;

    public int LprFiveYearBp { get; set; } = 350;

    // The product events keep the shelf view current; a full read of the catalog confirms it this often.
    public TimeSpan ShelfResyncEvery { get; set; } = TimeSpan.FromMinutes(5);

    // How often the sweep looks for applications whose decide-by date has passed.
    public TimeSpan ExpirySweepEvery { get; set; } = TimeSpan.FromMinutes(1);

    public RemoteCallOptions Calls { get; set; } = new();
}
