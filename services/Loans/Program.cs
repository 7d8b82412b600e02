FinanceMarket.Loans.LoansApp.Build(args).Run();
