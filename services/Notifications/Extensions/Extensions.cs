using System.Net;
using System.Net.Sockets;
using FinanceMarket.Notifications.Infrastructure;
using FinanceMarket.Notifications.Model;
using FinanceMarket.ServiceDefaults.Events;
using FinanceMarket.ServiceDefaults.Hosting;
using FinanceMarket.ServiceDefaults.Storage;

namespace FinanceMarket.Notifications.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var infrastructure = builder.Configuration.GetSection(InfrastructureOptions.Section).Get<InfrastructureOptions>() ?? new();
        var section = builder.Configuration.GetSection(NotificationsOptions.Section);
        var options = section.Get<NotificationsOptions>() ?? new();
        var allowPrivate = options.AllowPrivateWebhooks ?? infrastructure.Profile == InfrastructureProfile.Embedded;
        builder.Services.AddOptions<NotificationsOptions>().Bind(section).PostConfigure(o => o.AllowPrivateWebhooks = allowPrivate);
        builder.AddDocumentStore<INotificationStore, SqliteNotificationStore, MongoNotificationStore>(Topology.Notifications.Name);
        builder.AddDaprAppAuthentication();
        builder.Services.AddSingleton<Grpc.NotificationViews>();
        builder.Services.AddKeyedSingleton<OutboxSignal>(DeliveryDispatcher.SignalKey);
        var smsLog = options.SmsLogPath ?? Path.Combine(infrastructure.DataDir, "sms.log");
        builder.Services.AddSingleton<ISmsSender>(sp => new LogSmsSender(smsLog, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<LogSmsSender>>()));
#pragma warning disable EXTEXP0001
        builder.Services.AddHttpClient(DeliveryDispatcher.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => WebhookHandler(allowPrivate))
            // The dispatcher keeps its own timeout and retries (saved on the delivery, over hours): one attempt
            // is one request, without the default handler's retries inside it.
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        builder.Services.AddSingleton<DeliveryDispatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DeliveryDispatcher>());
    }

    // No redirects (a 3xx could lead to an address the registration would have refused), and where private
    // addresses are refused, the name is resolved here and only public addresses are connected to: a name
    // that later resolves to the platform's own network reaches nothing.
    private static SocketsHttpHandler WebhookHandler(bool allowPrivate)
    {
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(2), UseProxy = false };
        if (!allowPrivate)
        {
            handler.ConnectCallback = async (context, cancellationToken) =>
            {
                // One answer whether the name does not resolve or resolves only to private addresses, so the
                // delivery log tells a bank nothing about the platform's network.
                IPAddress[] addresses;
                try
                {
                    addresses = [.. (await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken)).Where(a => !OutboundRules.IsPrivate(a))];
                }
                catch (SocketException)
                {
                    addresses = [];
                }

                if (addresses.Length == 0)
                {
                    throw new HttpRequestException($"{context.DnsEndPoint.Host} has no public address to deliver to");
                }

                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }

        return handler;
    }
}
