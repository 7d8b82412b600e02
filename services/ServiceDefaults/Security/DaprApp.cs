using FinanceMarket.ServiceDefaults.Events;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FinanceMarket.ServiceDefaults.Security;

// Event deliveries carry no user token: they prove they come from the app's Dapr sidecar (or, embedded,
// from the relay that stands in for it) with the app API token. Without a configured token every
// delivery is refused, never let through.
public static class DaprApp
{
    public const string Policy = "dapr";

    public static IHostApplicationBuilder AddDaprAppAuthentication(this IHostApplicationBuilder builder)
    {
        var token = builder.Configuration[DirectDeliveryPublisher.AppApiTokenKey];
        new AuthenticationBuilder(builder.Services).AddDapr(o => o.Token = token);
        builder.Services.AddAuthorization(o => o.AddDapr(Policy));
        return builder;
    }
}
