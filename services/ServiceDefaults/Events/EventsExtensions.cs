using System.Net;
using Dapr.Client;
using FinanceMarket.ServiceDefaults.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FinanceMarket.ServiceDefaults.Events;

public static class EventsExtensions
{
    // The relay and the publisher of the configured profile; the service's store provides IOutboxStore.
    // appId is the CloudEvent source of every event the service publishes: its Dapr app id.
    public static IHostApplicationBuilder AddOutboxRelay(this IHostApplicationBuilder builder, string appId)
    {
        builder.Services.AddSingleton(new EventSource(appId));
        var options = builder.Configuration.GetSection(InfrastructureOptions.Section).Get<InfrastructureOptions>() ?? new();
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddHostedService<OutboxRelay>();
        if (options.PublishesThroughDapr)
        {
            var endpoint = options.Events.DaprGrpcEndpoint;
            builder.Services.AddSingleton(_ =>
            {
                var dapr = new DaprClientBuilder();
                if (!string.IsNullOrEmpty(endpoint))
                {
                    dapr.UseGrpcEndpoint(endpoint);
                }

                return dapr.Build();
            });
            builder.Services.AddSingleton<IEventPublisher, DaprEventPublisher>();
        }
        else
        {
            // Subscribers serve h2c only, like every FinanceMarket service. The relay owns retrying (with its
            // backoff and per-key order), so this client must not retry underneath it; the opt-out of the
            // default resilience handler is marked experimental in Microsoft.Extensions.Http.Resilience 10.x.
#pragma warning disable EXTEXP0001
            builder.Services.AddHttpClient<IEventPublisher, DirectDeliveryPublisher>(DirectDeliveryPublisher.HttpClientName, http =>
            {
                http.DefaultRequestVersion = HttpVersion.Version20;
                http.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;
                http.Timeout = TimeSpan.FromSeconds(10);
            }).RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        }

        return builder;
    }
}
