using Xunit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FinanceMarket.TestInfrastructure;

// Runs a real service (the same composition as its Program) on a free loopback port.
public sealed class ServiceHost : IAsyncDisposable
{
    private ServiceHost(WebApplication app, string address)
    {
        App = app;
        Address = address;
    }

    public WebApplication App { get; }

    public string Address { get; }

    public static async Task<ServiceHost> StartAsync(
        Func<string[], Action<WebApplicationBuilder>?, WebApplication> build,
        string contentRoot,
        IDictionary<string, string?> settings,
        bool bindOwnPort = true,
        int port = 0)
    {
        var args = settings.Select(s => $"--{s.Key}={s.Value}").Append($"--contentRoot={contentRoot}").ToArray();
        var app = build(args, builder =>
        {
            if (bindOwnPort)
            {
                builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            }

            builder.Logging.ClearProviders();
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ServiceHost(app, address);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync(CancellationToken.None);
        await App.DisposeAsync();
    }
}
