using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using FinanceMarket.Notifications.Extensions;
using FinanceMarket.Notifications.Grpc;
using FinanceMarket.Notifications.Model;
using OutboxSignal = FinanceMarket.ServiceDefaults.Events.OutboxSignal;
using Delivery = FinanceMarket.Notifications.Model.Delivery;
using Google.Protobuf;
using Microsoft.Extensions.Options;

namespace FinanceMarket.Notifications.Infrastructure;

// Sends the deliveries that are due: a signed POST to the bank's webhook as it is now, or an SMS to the
// number as it is now; each attempt's outcome is saved on the delivery (the bank's delivery log). At least
// once: a receiver that answered 2xx too late, or two replicas sending at once, may see a delivery twice,
// and tells by its X-FinanceMarket-Delivery id.
internal sealed class DeliveryDispatcher(
    INotificationStore store,
    NotificationViews views,
    ISmsSender sms,
    IHttpClientFactory http,
    [FromKeyedServices(DeliveryDispatcher.SignalKey)] OutboxSignal signal,
    TimeProvider time,
    IOptions<NotificationsOptions> options,
    ILogger<DeliveryDispatcher> logger) : BackgroundService
{
    public const string SignalKey = "deliveries";
    public const string HttpClientName = "webhooks";
    private const int Batch = 20;

    // Sends what is due now; returns how many were attempted.
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var attempted = 0;
        while (true)
        {
            var due = await store.DueDeliveriesAsync(time.GetUtcNow(), Batch, cancellationToken);
            foreach (var delivery in due)
            {
                // Held for longer than an attempt can take (each is bounded by the timeout); a dispatcher that
                // dies mid-attempt frees it then, and one that outlived its claim saves nothing.
                var claimedUntil = time.GetUtcNow() + (2 * options.Value.WebhookTimeout);
                if (await store.TryClaimDeliveryAsync(delivery, claimedUntil, cancellationToken))
                {
                    await store.UpdateDeliveryAsync(await AttemptAsync(delivery, cancellationToken), claimedUntil, cancellationToken);
                }
            }

            attempted += due.Count;
            if (due.Count < Batch)
            {
                return attempted;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
                await signal.WaitAsync(options.Value.DispatchEvery, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Sending the due deliveries failed; trying again shortly");
                await Task.Delay(options.Value.DispatchEvery, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task<Delivery> AttemptAsync(Delivery delivery, CancellationToken cancellationToken)
    {
        var item = await store.FindAsync(delivery.NotificationId, "dispatcher", cancellationToken);
        if (item is null)
        {
            return Deliveries.Abandoned(delivery, time.GetUtcNow(), "the notice is gone");
        }

        var notification = (await views.ViewAsync([item], cancellationToken))[0];
        return delivery.Channel == DeliveryChannel.Webhook
            ? await PostAsync(delivery, item.Notice.To.Id, notification, cancellationToken)
            : await TextAsync(delivery, notification.Summary, cancellationToken);
    }

    private async Task<Delivery> PostAsync(Delivery delivery, string bankId, V1.Notification notification, CancellationToken cancellationToken)
    {
        var webhook = await store.WebhookAsync(bankId, cancellationToken);
        if (webhook is null)
        {
            return Deliveries.Abandoned(delivery, time.GetUtcNow(), "the bank removed its webhook");
        }

        var body = Body(delivery, notification);
        // The receiver compares the timestamp with its own clock to refuse replays: the wall clock, even when
        // the platform's days are a demo's.
        var sentAt = TimeProvider.System.GetUtcNow();
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookSignature.DeliveryHeader, delivery.DeliveryId);
        request.Headers.Add(WebhookSignature.TimestampHeader, sentAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(webhook.Secret, sentAt.ToUnixTimeSeconds(), body));
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Value.WebhookTimeout);
            using var response = await http.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            return Deliveries.Attempted(delivery, time.GetUtcNow(), webhook.Url, status,
                response.IsSuccessStatusCode ? null : $"the receiver answered {status}", options.Value.FirstRetryAfter);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is HttpRequestException or OperationCanceledException)
        {
            return Deliveries.Attempted(delivery, time.GetUtcNow(), webhook.Url, 0,
                ex is OperationCanceledException ? "no answer within the timeout" : ex.Message, options.Value.FirstRetryAfter);
        }
    }

    private async Task<Delivery> TextAsync(Delivery delivery, string text, CancellationToken cancellationToken)
    {
        var number = await store.SmsAsync(delivery.AudienceKey, cancellationToken);
        if (number is null)
        {
            return Deliveries.Abandoned(delivery, time.GetUtcNow(), "the SMS number was removed");
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Value.WebhookTimeout);
            await sms.SendAsync(number.Phone, text, timeout.Token);
            return Deliveries.Attempted(delivery, time.GetUtcNow(), OutboundRules.Mask(number.Phone), 0, null, options.Value.FirstRetryAfter);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return Deliveries.Attempted(delivery, time.GetUtcNow(), OutboundRules.Mask(number.Phone), 0, ex.Message, options.Value.FirstRetryAfter);
        }
    }

    // The delivery and the notice as the API shows it (for a digest's delivery, needId is the opportunity).
    private static byte[] Body(Delivery delivery, V1.Notification notification)
    {
        var shown = notification.Clone();
        shown.Read = false;
        var envelope = new JsonObject
        {
            ["deliveryId"] = delivery.DeliveryId,
            ["type"] = delivery.Type,
            ["needId"] = delivery.NeedId,
            ["attempt"] = delivery.Attempts + 1,
            ["notification"] = JsonNode.Parse(JsonFormatter.Default.Format(shown)),
        };
        return Encoding.UTF8.GetBytes(envelope.ToJsonString());
    }
}
