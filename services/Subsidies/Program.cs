FinanceMarket.Subsidies.SubsidiesApp.Build(args).Run();
