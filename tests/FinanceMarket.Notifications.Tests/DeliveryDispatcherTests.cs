using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using FinanceMarket.Notifications.Infrastructure;
using FinanceMarket.Notifications.Model;
using FinanceMarket.TestInfrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace FinanceMarket.Notifications.Tests;

// The dispatcher against a real HTTP receiver on loopback and the local SMS log, on a fake clock: a POST
// the receiver refuses is tried again after the wait and no sooner, each signed so the receiver can check
// it, and an SMS is a line in the log with the names in it.
public sealed class DeliveryDispatcherTests : IAsyncDisposable
{
    private const string Secret = "s3cret-for-the-test-receiver";
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 2, 2, 0, 0, TimeSpan.Zero));
    private readonly string _dataDir = TestData.NewTempDir();
    private readonly ConcurrentQueue<(bool Verified, JsonObject Body)> _received = new();
    private readonly List<WebApplication> _apps = [];
    private int _refuseNext;

    [Fact]
    public async Task A_refused_post_is_tried_again_after_the_wait_and_each_attempt_is_signed_and_logged()
    {
        var receiver = await ReceiverAsync();
        var services = Notifications();
        var store = services.GetRequiredService<INotificationStore>();
        var dispatcher = services.GetRequiredService<DeliveryDispatcher>();
        await store.SetNameAsync("B:b1", "沧州银行", Cancel);
        await store.PutWebhookAsync(new WebhookRegistration("b1", receiver + "/hook", Secret, _clock.GetUtcNow(), _clock.GetUtcNow()), Cancel);
        _refuseNext = 1;
        await store.ApplyAsync(
            [new NoticeDraft("overdue|s1|B:b1", NoticeKind.StepOverdue, Audience.Bank("b1"), new NoticeAbout { StepId = "s1", BankId = "b1", Code = "CONTACT", Day = "2026-11-01" })],
            _clock.GetUtcNow(), () => Guid.CreateVersion7().ToString(), Cancel);

        Assert.Equal(1, await dispatcher.RunOnceAsync(Cancel));
        var failed = Assert.Single((await store.ListDeliveriesAsync("B:b1", DeliveryChannel.Webhook, 10, null, Cancel)).Items);
        Assert.Equal((DeliveryStatus.Pending, 1, 503, _clock.GetUtcNow().AddSeconds(30), "the receiver answered 503"), (failed.Status, failed.Attempts, failed.LastStatusCode, failed.NextAttemptAt, failed.LastError));

        _clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(0, await dispatcher.RunOnceAsync(Cancel));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await dispatcher.RunOnceAsync(Cancel));
        var delivered = Assert.Single((await store.ListDeliveriesAsync("B:b1", DeliveryChannel.Webhook, 10, null, Cancel)).Items);
        Assert.Equal((DeliveryStatus.Delivered, 2, 200, null), (delivered.Status, delivered.Attempts, delivered.LastStatusCode, delivered.LastError));

        Assert.Equal(2, _received.Count);
        Assert.All(_received, r => Assert.True(r.Verified));
        var body = _received.Last().Body;
        Assert.Equal((delivered.DeliveryId, "STEP_OVERDUE", 2), ((string?)body["deliveryId"], (string?)body["type"], (int)body["attempt"]!));
        Assert.Equal(("沧州银行", "STEP_OVERDUE"), ((string?)body["notification"]!["bankName"], (string?)body["notification"]!["kind"]));
    }

    [Fact]
    public async Task A_receiver_that_never_answers_well_fails_the_delivery_after_the_last_attempt()
    {
        var receiver = await ReceiverAsync();
        var services = Notifications();
        var store = services.GetRequiredService<INotificationStore>();
        var dispatcher = services.GetRequiredService<DeliveryDispatcher>();
        await store.PutWebhookAsync(new WebhookRegistration("b1", receiver + "/hook", Secret, _clock.GetUtcNow(), _clock.GetUtcNow()), Cancel);
        _refuseNext = int.MaxValue;
        await store.ApplyAsync([new NoticeDraft("digest|b1|2026-11-02", NoticeKind.OpportunityDigest, Audience.Bank("b1"), new NoticeAbout { BankId = "b1" }, "n1")],
            _clock.GetUtcNow(), () => Guid.CreateVersion7().ToString(), Cancel);
        for (var attempt = 0; attempt < OutboundRules.MaxAttempts; attempt++)
        {
            Assert.Equal(1, await dispatcher.RunOnceAsync(Cancel));
            _clock.Advance(OutboundRules.LongestWait);
        }

        Assert.Equal(0, await dispatcher.RunOnceAsync(Cancel));
        var failed = Assert.Single((await store.ListDeliveriesAsync("B:b1", DeliveryChannel.Webhook, 10, null, Cancel)).Items);
        Assert.Equal((DeliveryStatus.Failed, OutboundRules.MaxAttempts, "OPPORTUNITY", "n1"), (failed.Status, failed.Attempts, failed.Type, failed.NeedId));
        Assert.Equal(OutboundRules.MaxAttempts, _received.Count);
    }

    [Fact]
    public async Task A_webhook_removed_before_its_delivery_abandons_it_and_an_sms_is_written_to_the_log()
    {
        var services = Notifications();
        var store = services.GetRequiredService<INotificationStore>();
        var dispatcher = services.GetRequiredService<DeliveryDispatcher>();
        await store.SetNameAsync("B:b1", "沧州银行", Cancel);
        await store.PutWebhookAsync(new WebhookRegistration("b1", "http://127.0.0.1:9/never", Secret, _clock.GetUtcNow(), _clock.GetUtcNow()), Cancel);
        await store.PutSmsAsync(new SmsRegistration("E:911309000000000001", "13800138000", _clock.GetUtcNow()), Cancel);
        await store.ApplyAsync(
        [
            new NoticeDraft("received|a1", NoticeKind.ApplicationReceived, Audience.Bank("b1"), new NoticeAbout { BankId = "b1", Day = "2026-11-16" }),
            new NoticeDraft("taken|a1", NoticeKind.NeedTaken, Audience.Enterprise("911309000000000001"), new NoticeAbout { BankId = "b1", Uscc = "911309000000000001" }),
        ], _clock.GetUtcNow(), () => Guid.CreateVersion7().ToString(), Cancel);
        await store.DeleteWebhookAsync("b1", Cancel);

        Assert.Equal(2, await dispatcher.RunOnceAsync(Cancel));
        var abandoned = Assert.Single((await store.ListDeliveriesAsync("B:b1", DeliveryChannel.Webhook, 10, null, Cancel)).Items);
        Assert.Equal((DeliveryStatus.Failed, 0, "the bank removed its webhook"), (abandoned.Status, abandoned.Attempts, abandoned.LastError));
        var sent = Assert.Single((await store.ListDeliveriesAsync("E:911309000000000001", DeliveryChannel.Sms, 10, null, Cancel)).Items);
        Assert.Equal((DeliveryStatus.Delivered, "138****8000"), (sent.Status, sent.Target));
        var line = JsonNode.Parse(Assert.Single(await File.ReadAllLinesAsync(Path.Combine(_dataDir, "sms.log"), Cancel)))!;
        Assert.Equal(("13800138000", "沧州银行已接单您的融资需求，将与您联系。"), ((string?)line["phone"], (string?)line["text"]));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }
    }

    private IServiceProvider Notifications()
    {
        var app = NotificationsApp.Build(
            [$"--FinanceMarket:DataDir={_dataDir}", $"--FinanceMarket:Auth:SigningKey={TestData.NewSigningKey()}"],
            b =>
            {
                b.Logging.ClearProviders();
                b.Services.AddSingleton<TimeProvider>(_clock);
            });
        _apps.Add(app);
        return app.Services;
    }

    // A bank's receiver: checks each POST's signature with the shared secret, answers 503 while told to.
    private async Task<string> ReceiverAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/hook", async (HttpContext http) =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, Cancel);
            var bytes = buffer.ToArray();
            var verified = WebhookSignature.Verify(Secret, http.Request.Headers[WebhookSignature.TimestampHeader], http.Request.Headers[WebhookSignature.SignatureHeader],
                bytes, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));
            _received.Enqueue((verified, JsonNode.Parse(bytes)!.AsObject()));
            return Interlocked.Decrement(ref _refuseNext) >= 0 ? Results.StatusCode(503) : Results.Ok();
        });
        await app.StartAsync(Cancel);
        _apps.Add(app);
        return app.Urls.First();
    }
}
