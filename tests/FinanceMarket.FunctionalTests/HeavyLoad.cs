namespace FinanceMarket.FunctionalTests;

// Tests that load the whole machine (a district's year of requests) run on their own, after the others:
// beside them, the tests that time concurrent calls would measure the replay instead of what they test.
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeavyLoad
{
    public const string Name = "Heavy load";
}
