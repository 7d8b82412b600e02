using FinanceMarket.Notifications.Model;
using FinanceMarket.Notifications.V1;

namespace FinanceMarket.Notifications.Grpc;

// Notices as the API, the webhook and the SMS show them: with the names this service learnt from the
// catalog's and the enterprises' events (an id not yet named shows as itself).
internal sealed class NotificationViews(INotificationStore store)
{
    public async Task<IReadOnlyList<Notification>> ViewAsync(IReadOnlyList<InboxItem> items, CancellationToken cancellationToken)
    {
        var keys = items.SelectMany(i => NameKeys(i.Notice.About)).ToHashSet(StringComparer.Ordinal);
        var names = await store.NamesAsync(keys, cancellationToken);
        string NameOf(string key) => names.TryGetValue(key, out var name) ? name : key[2..];
        return [.. items.Select(i => ToProto(i, NameOf))];
    }

    private static Notification ToProto(InboxItem item, Func<string, string> nameOf)
    {
        var n = item.Notice;
        var a = n.About;
        return new Notification
        {
            NotificationId = n.NotificationId,
            Kind = (Notification.Types.Kind)(int)n.Kind,
            Summary = NoticeText.Summary(n, nameOf),
            Read = item.Read,
            CreatedAt = Dates.Instant(n.CreatedAt),
            UpdatedAt = Dates.Instant(n.UpdatedAt),
            NeedId = a.NeedId ?? string.Empty,
            ApplicationId = a.ApplicationId ?? string.Empty,
            ClaimId = a.ClaimId ?? string.Empty,
            StepId = a.StepId ?? string.Empty,
            BankId = a.BankId ?? string.Empty,
            BankName = a.BankId is { Length: > 0 } bank ? nameOf(Audience.Bank(bank).Key) : string.Empty,
            Uscc = a.Uscc ?? string.Empty,
            EnterpriseName = a.EnterpriseName ?? (a.Uscc is { Length: > 0 } uscc ? nameOf(Audience.Enterprise(uscc).Key) : string.Empty),
            RegionCode = a.RegionCode ?? string.Empty,
            AmountFen = a.AmountFen,
            Code = a.Code ?? string.Empty,
            Day = a.Day ?? string.Empty,
            Count = n.Count,
            ReaderRole = a.ReaderRole ?? string.Empty,
            ConsentId = a.ConsentId ?? string.Empty,
            ProviderId = a.ProviderId ?? string.Empty,
            BatchId = a.BatchId ?? string.Empty,
            Refused = a.Refused,
            Flagged = a.Flagged,
        };
    }

    private static IEnumerable<string> NameKeys(NoticeAbout a)
    {
        if (a.BankId is { Length: > 0 } bank)
        {
            yield return Audience.Bank(bank).Key;
        }

        if (a.EnterpriseName is null && a.Uscc is { Length: > 0 } uscc)
        {
            yield return Audience.Enterprise(uscc).Key;
        }
    }
}
