using FinanceMarket.ServiceDefaults.Hosting;

namespace FinanceMarket.Subsidies.Extensions;

// Bound from "FinanceMarket:Subsidies".
public sealed class SubsidiesOptions
{
    public const string Section = "FinanceMarket:Subsidies";

    // gRPC address of matching, where approved deals are read.
    public Uri MatchingAddress { get; set; } = new("http://matching");

    public RemoteCallOptions Calls { get; set; } = new();
}
