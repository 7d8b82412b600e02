using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(FinanceMarket.Benchmarks.MatchOneNeed).Assembly).Run(args);
