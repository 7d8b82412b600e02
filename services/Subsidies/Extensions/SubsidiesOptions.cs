using FinanceMarket.ServiceDefaults.Hosting;

namespace FinanceMarket.Subsidies.Extensions;

// Bound from "FinanceMarket:Subsidies".
public sealed class SubsidiesOptions
{
    public const string Section = "FinanceMarket:Subsidies";

    public RemoteCallOptions Calls { get; set; } = new();
}
