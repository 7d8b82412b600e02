// One platform for every test of this assembly (tests that need one of their own start it).
[assembly: AssemblyFixture(typeof(FinanceMarket.TestInfrastructure.Platform))]
