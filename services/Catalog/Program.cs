FinanceMarket.Catalog.CatalogApp.Build(args).Run();
