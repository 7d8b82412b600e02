using FinanceMarket.Notifications.Extensions;
using FinanceMarket.Notifications.Model;
using FinanceMarket.Notifications.V1;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace FinanceMarket.Notifications.Grpc;

// Every caller reads only its own inbox: an enterprise its own, a bank its own, an official the notices of
// the official's region (each official with their own read marks). A bank alone manages its webhook; an
// enterprise or a bank its SMS number.
internal sealed class NotificationsService(
    INotificationStore store, NotificationViews views, TimeProvider time, IOptions<NotificationsOptions> options) : V1.Notifications.NotificationsBase
{
    // The unread count is exact up to here ("1000": that many or more), so an official's wide region costs
    // a bounded read.
    public const int UnreadCap = 1000;

    public override async Task<ListNotificationsResponse> ListNotifications(ListNotificationsRequest request, ServerCallContext context)
    {
        var inbox = InboxOf(Caller.From(context), request.UnreadOnly);
        var violations = new Violations();
        var (pageSize, after) = Paging.Read(violations, request.PageSize, request.PageToken);
        violations.ThrowIfAny();
        var page = await store.ListAsync(inbox, pageSize, after, context.CancellationToken);
        var response = new ListNotificationsResponse
        {
            NextPageToken = Paging.Token(page.LastKey),
            UnreadCount = await store.CountUnreadAsync(inbox, UnreadCap, context.CancellationToken),
        };
        response.Notifications.AddRange(await views.ViewAsync(page.Items, context.CancellationToken));
        return response;
    }

    public override async Task<Notification> MarkNotificationRead(MarkNotificationReadRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        var inbox = InboxOf(caller, unreadOnly: false);
        if (!Guid.TryParse(request.NotificationId, out _))
        {
            new Violations().NotAnId("notificationId", "notification").Throw();
        }

        var item = await store.FindAsync(request.NotificationId, inbox.Reader, context.CancellationToken)
            ?? throw new NotFoundException($"Notification {request.NotificationId} not found.");
        if (!InInbox(item.Notice.To, inbox))
        {
            Caller.Deny($"Notification {request.NotificationId} is not in this caller's inbox.");
        }

        await store.MarkReadAsync(item.Notice.NotificationId, inbox.Reader, time.GetUtcNow(), context.CancellationToken);
        return (await views.ViewAsync([item with { Read = true }], context.CancellationToken))[0];
    }

    public override async Task<Webhook> SetWebhook(SetWebhookRequest request, ServerCallContext context)
    {
        RequireBank(Caller.From(context), request.BankId, "set its webhook");
        var url = OutboundRules.ValidateWebhook(request.Url, request.Secret, AllowPrivate);
        var now = time.GetUtcNow();
        var before = await store.WebhookAsync(request.BankId, context.CancellationToken);
        var registration = new WebhookRegistration(request.BankId, url.AbsoluteUri, request.Secret, before?.CreatedAt ?? now, now);
        await store.PutWebhookAsync(registration, context.CancellationToken);
        return ToProto(registration);
    }

    public override async Task<Webhook> GetWebhook(GetWebhookRequest request, ServerCallContext context)
    {
        RequireBank(Caller.From(context), request.BankId, "read its webhook");
        return ToProto(await store.WebhookAsync(request.BankId, context.CancellationToken)
            ?? throw new NotFoundException($"Bank {request.BankId} has no webhook."));
    }

    public override async Task<Webhook> DeleteWebhook(GetWebhookRequest request, ServerCallContext context)
    {
        RequireBank(Caller.From(context), request.BankId, "remove its webhook");
        var registration = await store.WebhookAsync(request.BankId, context.CancellationToken)
            ?? throw new NotFoundException($"Bank {request.BankId} has no webhook.");
        await store.DeleteWebhookAsync(request.BankId, context.CancellationToken);
        return ToProto(registration);
    }

    public override async Task<ListWebhookDeliveriesResponse> ListWebhookDeliveries(ListWebhookDeliveriesRequest request, ServerCallContext context)
    {
        RequireBank(Caller.From(context), request.BankId, "read its webhook deliveries");
        var violations = new Violations();
        var (pageSize, after) = Paging.Read(violations, request.PageSize, request.PageToken);
        violations.ThrowIfAny();
        var page = await store.ListDeliveriesAsync(Audience.Bank(request.BankId).Key, DeliveryChannel.Webhook, pageSize, after, context.CancellationToken);
        var response = new ListWebhookDeliveriesResponse { NextPageToken = Paging.Token(page.LastKey) };
        response.Deliveries.AddRange(page.Items.Select(ToProto));
        return response;
    }

    public override async Task<SmsNumber> SetSmsNumber(SetSmsNumberRequest request, ServerCallContext context)
    {
        var audience = SmsAudience(Caller.From(context));
        var registration = new SmsRegistration(audience.Key, OutboundRules.ValidatePhone(request.Phone), time.GetUtcNow());
        await store.PutSmsAsync(registration, context.CancellationToken);
        return ToProto(registration);
    }

    public override async Task<SmsNumber> GetSmsNumber(GetSmsNumberRequest request, ServerCallContext context)
    {
        var audience = SmsAudience(Caller.From(context));
        var registration = await store.SmsAsync(audience.Key, context.CancellationToken);
        return registration is null ? new SmsNumber() : ToProto(registration);
    }

    public override async Task<SmsNumber> DeleteSmsNumber(GetSmsNumberRequest request, ServerCallContext context)
    {
        var audience = SmsAudience(Caller.From(context));
        await store.DeleteSmsAsync(audience.Key, context.CancellationToken);
        return new SmsNumber();
    }

    private bool AllowPrivate => options.Value.AllowPrivateWebhooks == true;

    // The reader key is the person (role and subject): officials sharing a region keep their own marks.
    private static InboxQuery InboxOf(Caller caller, bool unreadOnly)
    {
        var reader = caller.Role + ":" + caller.Subject;
        return caller.Role switch
        {
            Roles.Enterprise => new InboxQuery(AudienceKind.Enterprise, UnifiedSocialCreditCode.Normalize(caller.Subject), reader, unreadOnly),
            Roles.Bank => new InboxQuery(AudienceKind.Bank, caller.Subject, reader, unreadOnly),
            Roles.Official => new InboxQuery(AudienceKind.Region, caller.Region!, reader, unreadOnly),
            _ => throw new ForbiddenException("The operator has no inbox: notices go to enterprises, banks and officials."),
        };
    }

    private static bool InInbox(Audience to, InboxQuery inbox) => inbox.Kind == AudienceKind.Region
        ? to.Kind == AudienceKind.Region && to.Id.StartsWith(inbox.Id, StringComparison.Ordinal)
        : to.Kind == inbox.Kind && to.Id == inbox.Id;

    private static Audience SmsAudience(Caller caller) => caller.Role switch
    {
        Roles.Enterprise => Audience.Enterprise(UnifiedSocialCreditCode.Normalize(caller.Subject)),
        Roles.Bank => Audience.Bank(caller.Subject),
        _ => throw new ForbiddenException("Only an enterprise or a bank may set an SMS number."),
    };

    private static void RequireBank(Caller caller, string bankId, string action)
    {
        if (!caller.IsBank || caller.Subject != bankId)
        {
            Caller.Deny($"Only bank {bankId} itself may {action}.");
        }
    }

    private static Webhook ToProto(WebhookRegistration r) => new()
    {
        BankId = r.BankId, Url = r.Url, CreatedAt = Dates.Instant(r.CreatedAt), UpdatedAt = Dates.Instant(r.UpdatedAt),
    };

    private static SmsNumber ToProto(SmsRegistration r) => new() { Phone = OutboundRules.Mask(r.Phone), UpdatedAt = Dates.Instant(r.UpdatedAt) };

    private static WebhookDelivery ToProto(Delivery d) => new()
    {
        DeliveryId = d.DeliveryId,
        NotificationId = d.NotificationId,
        Type = d.Type,
        Url = d.Target ?? string.Empty,
        Status = (WebhookDelivery.Types.Status)(int)d.Status,
        Attempts = d.Attempts,
        LastStatusCode = d.LastStatusCode,
        LastError = d.LastError ?? string.Empty,
        CreatedAt = Dates.Instant(d.CreatedAt),
        NextAttemptAt = d.Status == DeliveryStatus.Pending ? Dates.Instant(d.NextAttemptAt) : string.Empty,
        DeliveredAt = d.DeliveredAt is { } at ? Dates.Instant(at) : string.Empty,
    };
}
