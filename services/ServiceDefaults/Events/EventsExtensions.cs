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
    public static IHostApplicationBuilder AddOutboxRelay(this IHostApplicationBuilder builder)
    {
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
            // Subscribers serve h2c only, like every FinanceMarket service.
            builder.Services.AddHttpClient<IEventPublisher, DirectDeliveryPublisher>(DirectDeliveryPublisher.HttpClientName, http =>
            {
                http.DefaultRequestVersion = HttpVersion.Version20;
                http.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;
            });
        }

        return builder;
    }
}
