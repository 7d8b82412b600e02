FinanceMarket.Totals.TotalsApp.Build(args).Run();
