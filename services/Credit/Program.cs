FinanceMarket.Credit.CreditApp.Build(args).Run();
