using FinanceMarket.Matching.Model;
using FinanceMarket.Matching.Shelf;
using Grpc.Core;

namespace FinanceMarket.Matching.Grpc;

// What the market's and supervision's calls read the same way: a need, a broadcast, an application (each
// NOT_FOUND when absent), the promise in force for a region, the callers' checks, and the answers with
// bank names.
internal sealed class MarketReads(IMatchingStore store, BankNames bankNames, TimeProvider time)
{
    public static void RequireId(string id, string field)
    {
        var violations = new Violations();
        RequireId(violations, id, field);
        violations.ThrowIfAny();
    }

    // "needId" must be a need id (NOT_AN_ID with kind need): the kind is the field's name without its "Id".
    public static void RequireId(Violations violations, string id, string field)
    {
        if (!Guid.TryParse(id, out _))
        {
            violations.NotAnId(field, field[..^2]);
        }
    }

    public static bool IsTheEnterprise(Caller caller, string uscc) =>
        caller.IsEnterprise && UnifiedSocialCreditCode.Normalize(caller.Subject) == uscc;

    public static void RequireTheEnterprise(Caller caller, string uscc, string action)
    {
        if (!IsTheEnterprise(caller, uscc))
        {
            Caller.Deny($"Only enterprise {uscc} itself may {action}.");
        }
    }

    public async Task<Need> NeedAsync(string needId, CancellationToken cancellationToken)
    {
        RequireId(needId, "needId");
        return await store.FindNeedAsync(needId, cancellationToken) ?? throw new NotFoundException($"Financing need {needId} does not exist.");
    }

    public async Task<Broadcast> BroadcastAsync(string needId, CancellationToken cancellationToken) =>
        await store.FindBroadcastAsync(needId, cancellationToken)
            ?? throw new NotFoundException($"Financing need {needId} has not been broadcast (or does not exist).");

    public async Task<Application> ApplicationAsync(string applicationId, CancellationToken cancellationToken)
    {
        RequireId(applicationId, "applicationId");
        return await store.FindApplicationAsync(applicationId, cancellationToken) ?? throw new NotFoundException($"Application {applicationId} does not exist.");
    }

    public async Task<ServicePromise> PromiseForAsync(string regionCode, CancellationToken cancellationToken) =>
        MarketRules.PromiseFor(regionCode, await store.ServicePromisesAsync(cancellationToken));

    public Task<Func<string?, string>> NamesAsync(IEnumerable<string?> bankIds, ServerCallContext context) =>
        bankNames.ForAsync(bankIds, ForwardedCredentials.From(context), context.CancellationToken);

    // For a need's answers, which must not wait for the catalog: the names known now (ids for the rest).
    public Func<string?, string> KnownNames(IEnumerable<string?> bankIds, ServerCallContext context) =>
        bankNames.Known(bankIds, ForwardedCredentials.From(context));

    public async Task<V1.Application> ToProtoAsync(Application application, ServerCallContext context)
    {
        var names = await NamesAsync([application.BankId], context);
        return MatchingMapping.ToProto(application, names);
    }

    // The broadcast with each taker's bank, product and the state of its application.
    // Made before a write too (to save the answer with it): the application that write changes is given, as
    // it will be, in place of what the store holds now.
    public async Task<V1.Broadcast> ToProtoAsync(Broadcast broadcast, ServerCallContext context, Application? written = null)
    {
        var names = await NamesAsync(broadcast.Takers.Select(t => t.BankId), context);
        var applications = new Dictionary<string, Application>(StringComparer.Ordinal);
        foreach (var taker in broadcast.Takers)
        {
            if (written?.ApplicationId == taker.ApplicationId)
            {
                applications[taker.ApplicationId] = written;
            }
            else if (await store.FindApplicationAsync(taker.ApplicationId, context.CancellationToken) is { } application)
            {
                applications[taker.ApplicationId] = application;
            }
        }

        return MarketMapping.ToProto(broadcast, ChinaTime.Today(time), applications, names);
    }
}
