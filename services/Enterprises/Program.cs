FinanceMarket.Enterprises.EnterprisesApp.Build(args).Run();
