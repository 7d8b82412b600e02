FinanceMarket.Gateway.GatewayApp.Build(args).Run();
