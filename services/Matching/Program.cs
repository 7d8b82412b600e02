FinanceMarket.Matching.MatchingApp.Build(args).Run();
