using FinanceMarket.Notifications.Extensions;
using FinanceMarket.Notifications.Grpc;
using FinanceMarket.ServiceDefaults.Hosting;

namespace FinanceMarket.Notifications;

public static class NotificationsApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null) =>
        GrpcServiceHost.Build<NotificationsService>(args, b => b.AddApplicationServices(), configure, app => app.MapNotificationsEvents());
}
