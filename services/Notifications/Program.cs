FinanceMarket.Notifications.NotificationsApp.Build(args).Run();
