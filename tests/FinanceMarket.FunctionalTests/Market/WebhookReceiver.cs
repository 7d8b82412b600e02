using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace FinanceMarket.FunctionalTests.Market;

// A bank's receiver on loopback, checking each POST as the docs tell a bank to: HMAC-SHA256 with the shared
// secret over "{timestamp}.{raw body}", compared in constant time, the timestamp within 5 minutes. Written
// here from the docs, not with the platform's own signing code, so a fault there cannot hide.
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _secret;

    private WebhookReceiver(WebApplication app, string secret) => (_app, _secret) = (app, secret);

    public ConcurrentQueue<(bool Verified, JsonObject Body)> Received { get; } = new();

    public string Url => _app.Urls.First() + "/hook";

    public static async Task<WebhookReceiver> StartAsync(string secret)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, secret);
        app.MapPost("/hook", async (HttpContext http) =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
            var body = buffer.ToArray();
            receiver.Received.Enqueue((receiver.Verify(http.Request.Headers, body), JsonNode.Parse(body)!.AsObject()));
            return Results.Ok();
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        return receiver;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private bool Verify(IHeaderDictionary headers, byte[] body)
    {
        var timestamp = headers["X-FinanceMarket-Timestamp"].ToString();
        if (!long.TryParse(timestamp, out var seconds) || Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - seconds) > 300)
        {
            return false;
        }

        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(_secret), (byte[])[.. Encoding.ASCII.GetBytes(timestamp + "."), .. body]));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(headers["X-FinanceMarket-Signature"].ToString()));
    }
}
