using FinanceMarket.ServiceDefaults.Idempotency;
using FinanceMarket.Matching.Extensions;
using FinanceMarket.Matching.Model;
using FinanceMarket.Matching.Shelf;
using FinanceMarket.Matching.V1;
using FinanceMarket.ServiceDefaults.Hosting;
using FinanceMarket.ServiceDefaults.Storage;
using Grpc.Core;
using Microsoft.Extensions.Options;
using CatalogV1 = FinanceMarket.Catalog.V1;

namespace FinanceMarket.Matching.Grpc;

// The market loop: broadcasts and their rounds, the banks' opportunities and takes, first contact, the
// enterprise withdrawing or declining, and referral after a rejection. Each change is read, decided by
// Model.Broadcasting and saved whole (MarketWrite); a take that loses a race reads again and retries, so of
// many banks taking at once exactly max_takers win.
internal sealed class MarketService(
    IMatchingStore store,
    ShelfSync shelf,
    Calendars calendars,
    MarketReads market,
    CatalogV1.Catalog.CatalogClient catalog,
    IAuditRecorder reads,
    IOptions<MatchingOptions> options,
    TimeProvider time) : V1.Market.MarketBase
{
    private const int TakeAttempts = 20;

    private LoanPrimeRate Lpr => new(options.Value.LprOneYearBp, options.Value.LprFiveYearBp);

    public override async Task<V1.Broadcast> BroadcastNeed(BroadcastNeedRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        MarketReads.RequireId(request.NeedId, "needId");
        var maxTakers = MarketRules.ValidateBroadcast(request.ConsentToCreditQuery, request.MaxTakers);
        var need = await market.NeedAsync(request.NeedId, context.CancellationToken);
        MarketReads.RequireTheEnterprise(caller, need.Uscc, "broadcast its own financing needs");

        var previous = await store.FindBroadcastAsync(need.NeedId, context.CancellationToken);
        if (previous is not null && previous.StatusOn(ChinaTime.Today(time)) is BroadcastStatus.Open or BroadcastStatus.Full)
        {
            throw new ConflictException(
                $"Need {need.NeedId} is already broadcast (round {previous.Round}); withdraw it first, or refer a rejected application to reach the other banks.");
        }

        return await StartRoundAsync(need, previous, maxTakers, null, null, context);
    }

    public override async Task<V1.Broadcast> GetBroadcast(GetBroadcastRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        MarketReads.RequireId(request.NeedId, "needId");
        var broadcast = await market.BroadcastAsync(request.NeedId, context.CancellationToken);
        if (!MarketReads.IsTheEnterprise(caller, broadcast.Uscc) && !caller.Covers(broadcast.RegionCode))
        {
            Caller.Deny("Only the enterprise itself or an official of its region may read a need's broadcast.");
        }

        await reads.RecordReadAsync(caller, AuditActions.NeedRead, broadcast.RegionCode, $"financing-need/{broadcast.NeedId}/broadcast", null, time.GetUtcNow(), context.CancellationToken);
        return await market.ToProtoAsync(broadcast, context);
    }

    public override async Task<V1.Broadcast> WithdrawBroadcast(WithdrawBroadcastRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        MarketReads.RequireId(request.NeedId, "needId");
        var broadcast = await market.BroadcastAsync(request.NeedId, context.CancellationToken);
        MarketReads.RequireTheEnterprise(caller, broadcast.Uscc, "withdraw its own broadcasts");
        var steps = await store.StepsOfNeedAsync(broadcast.NeedId, context.CancellationToken);
        var write = Broadcasting.Withdraw(broadcast, steps, time.GetUtcNow());
        var answer = await market.ToProtoAsync(write.Broadcast!.Document, context);
        IdempotentCall.Answer(answer);
        await SaveAsync(write, $"The broadcast of need {broadcast.NeedId} changed at the same moment; read it again.", context.CancellationToken);
        return answer;
    }

    public override async Task<ListOpportunitiesResponse> ListOpportunities(ListOpportunitiesRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        if (!caller.IsBank || caller.Subject != request.BankId)
        {
            Caller.Deny($"Only bank {request.BankId} itself may read its opportunities.");
        }

        var violations = new Violations();
        var (pageSize, after) = Paging.Read(violations, request.PageSize, request.PageToken);
        if (request.Order != ListOpportunitiesRequest.Types.Order.Unspecified)
        {
            violations.Defined("order", request.Order);
        }

        var byDeadline = request.Order == ListOpportunitiesRequest.Types.Order.Deadline;
        if (after is not null && OpportunityKey.Parse(after) is null)
        {
            violations.Add("pageToken", Reasons.BadPageToken, "is not a token this service issued");
        }

        violations.ThrowIfAny();
        var page = await store.ListOpportunitiesAsync(request.BankId, ChinaTime.Today(time), byDeadline, pageSize, after, context.CancellationToken);
        var response = new ListOpportunitiesResponse { NextPageToken = Paging.Token(page.LastKey) };
        response.Opportunities.AddRange(page.Items.Select(MarketMapping.ToProto));
        return response;
    }

    public override async Task<V1.Application> TakeNeed(TakeNeedRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        var violations = new Violations();
        MarketReads.RequireId(violations, request.NeedId, "needId");
        violations.Require(!string.IsNullOrWhiteSpace(request.BankId), "bankId", Reasons.Required, "is required");
        MarketReads.RequireId(violations, request.ProductId, "productId");
        violations.ThrowIfAny();
        if (!caller.IsBank || caller.Subject != request.BankId)
        {
            Caller.Deny($"Only bank {request.BankId} itself may take needs for its products.");
        }

        var need = await market.NeedAsync(request.NeedId, context.CancellationToken);
        Broadcasting.RequireTakeable(await market.BroadcastAsync(need.NeedId, context.CancellationToken), request.BankId, ChinaTime.Today(time));
        var product = await CurrentProductAsync(request.ProductId, request.BankId, need, context);
        var (calendar, _) = await calendars.CurrentAsync(context.CancellationToken);
        var promise = await market.PromiseForAsync(need.Enterprise.RegionCode, context.CancellationToken);

        for (var attempt = 0; attempt < TakeAttempts; attempt++)
        {
            var broadcast = await market.BroadcastAsync(need.NeedId, context.CancellationToken);
            var now = time.GetUtcNow();
            Broadcasting.RequireTakeable(broadcast, request.BankId, ChinaTime.DateOf(now));
            var steps = await store.StepsOfNeedAsync(need.NeedId, context.CancellationToken);
            var (taken, events) = Transitions.Take(SortableId.NewId(time), need, broadcast, product, now, calendar, promise);
            var answer = await market.ToProtoAsync(taken, context);
            IdempotentCall.Answer(answer);
            if (await store.TryWriteAsync(Broadcasting.Take(broadcast, taken, events, need, steps, () => SortableId.NewId(time)), context.CancellationToken))
            {
                return answer;
            }

            if (await store.FindApplicationForAsync(need.NeedId, product.ProductId, context.CancellationToken) is { } existing)
            {
                throw new AlreadyExistsException(
                    $"Need {need.NeedId} has already been sent to product {product.ProductId}: application {existing.ApplicationId} ({existing.Status.Wire()}).");
            }
        }

        throw new ConflictException($"Need {need.NeedId} is being taken by many banks at once; try again.");
    }

    public override async Task<V1.Application> RecordContact(RecordContactRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        var application = await market.ApplicationAsync(request.ApplicationId, context.CancellationToken);
        if (!caller.IsBank || caller.Subject != application.BankId)
        {
            Caller.Deny($"Only bank {application.BankId}, to which the application is addressed, may record contact with the enterprise.");
        }

        var (channel, note) = MarketRules.ValidateContact(
            ProtoEnums.TryToDomain<Model.ContactChannel>(request.Channel, out var c) ? c : null, request.Note);
        await ExpireIfOverdueAsync(application, context.CancellationToken);
        ApplicationRules.RequireUndecided(application);
        if (application.Contact is { } earlier)
        {
            throw new ConflictException($"The first contact with the enterprise was recorded at {Dates.Instant(earlier.At)} ({earlier.Channel.Wire()}).");
        }

        var now = time.GetUtcNow();
        var (calendar, _) = await calendars.CurrentAsync(context.CancellationToken);
        var (contacted, announced) = Transitions.Contact(application, channel, note, now, calendar);
        var steps = await store.StepsOfNeedAsync(application.NeedId, context.CancellationToken);
        var (met, events) = Broadcasting.Move(
            steps.Where(s => s.ApplicationId == application.ApplicationId && s.Kind == StepKind.Contact), s => Steps.Done(s, ChinaTime.DateOf(now)));
        var answer = await market.ToProtoAsync(contacted, context);
        IdempotentCall.Answer(answer);
        await SaveAsync(new MarketWrite { Application = new(contacted, application.Version), Steps = met, Events = [announced, .. events] },
            $"Application {application.ApplicationId} changed at the same moment; read it again.", context.CancellationToken);
        return answer;
    }

    public override async Task<V1.Application> WithdrawApplication(WithdrawApplicationRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        var application = await market.ApplicationAsync(request.ApplicationId, context.CancellationToken);
        MarketReads.RequireTheEnterprise(caller, application.Uscc, "withdraw its own applications");
        var reason = MarketRules.ValidateText("reason", request.Reason, ApplicationRules.MaxReasonLength);
        await ExpireIfOverdueAsync(application, context.CancellationToken);
        var broadcast = await store.FindBroadcastAsync(application.NeedId, context.CancellationToken);
        var steps = await store.StepsOfNeedAsync(application.NeedId, context.CancellationToken);
        var write = Broadcasting.WithdrawApplication(application, reason, broadcast, steps, time.GetUtcNow());
        var answer = await market.ToProtoAsync(write.Application!.Document, context);
        IdempotentCall.Answer(answer);
        await SaveAsync(write, $"Application {application.ApplicationId} changed at the same moment; read it again.", context.CancellationToken);
        return answer;
    }

    public override async Task<V1.Broadcast> ReferApplication(ReferApplicationRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        var application = await market.ApplicationAsync(request.ApplicationId, context.CancellationToken);
        MarketReads.RequireTheEnterprise(caller, application.Uscc, "refer its own applications");
        var violations = new Violations();
        var maxTakers = MarketRules.MaxTakers(violations, request.MaxTakers);
        violations.ThrowIfAny();
        if (application.Status != Model.ApplicationStatus.Rejected)
        {
            throw new PreconditionException($"Application {application.ApplicationId} is {application.Status.Wire()}; only a rejected application is referred to other banks.");
        }

        if (application.ReferredAt is { } at)
        {
            throw new ConflictException($"Application {application.ApplicationId} was referred at {Dates.Instant(at)} already.");
        }

        var need = await market.NeedAsync(application.NeedId, context.CancellationToken);
        var previous = await store.FindBroadcastAsync(need.NeedId, context.CancellationToken);
        return await StartRoundAsync(need, previous, maxTakers, application, application.BankId, context);
    }

    // A broadcast round (first, again, or a referral, which also marks the rejected application referred).
    private async Task<V1.Broadcast> StartRoundAsync(
        Need need, Model.Broadcast? previous, int maxTakers, Model.Application? referred, string? declinedBy, ServerCallContext context)
    {
        var (view, _) = await shelf.CurrentAsync(ForwardedCredentials.From(context), context.CancellationToken);
        var fitting = view.Index.FittingByBank(need.Profile, need.Request, MarketRules.MaxProductsPerOpportunity);
        var (calendar, _) = await calendars.CurrentAsync(context.CancellationToken);
        var promise = await market.PromiseForAsync(need.Enterprise.RegionCode, context.CancellationToken);
        var steps = await store.StepsOfNeedAsync(need.NeedId, context.CancellationToken);
        var now = time.GetUtcNow();
        var (broadcast, write) = Broadcasting.Round(
            need, previous, steps, fitting, maxTakers, Lpr, calendar, promise, now, () => SortableId.NewId(time), declinedBy, referred?.ApplicationId);
        if (referred is not null)
        {
            var (marked, announced) = Transitions.Refer(referred, broadcast.Round, broadcast.BankIds.Count, now);
            write = write with { Application = new(marked, referred.Version), Events = [.. write.Events, announced] };
        }

        var answer = await market.ToProtoAsync(broadcast, context, write.Application?.Document);
        IdempotentCall.Answer(answer);
        await SaveAsync(write, $"Need {need.NeedId} was broadcast or changed at the same moment; read it again.", context.CancellationToken);
        return answer;
    }

    // The product as the catalog has it now: the bank's own, listed, and fitting the need as matched.
    private async Task<OfferedProduct> CurrentProductAsync(string productId, string bankId, Need need, ServerCallContext context)
    {
        var product = await ResilientGrpcClients.ReadAsync("The catalog", () =>
            catalog.GetProductAsync(new CatalogV1.GetProductRequest { ProductId = productId }, ForwardedCredentials.From(context), cancellationToken: context.CancellationToken).ResponseAsync);
        if (product.BankId != bankId)
        {
            Caller.Deny($"Product {productId} belongs to another bank.");
        }

        if (product.Status != CatalogV1.ProductStatus.Listed)
        {
            throw new PreconditionException($"Product {product.ProductId} was delisted on {product.DelistedAt}; it takes no applications.");
        }

        var (current, _) = ShelfMapping.FromCatalog(product);
        var failing = EligibilityRules.Reasons(current, need.Profile, need.Request);
        if (failing.Count > 0)
        {
            throw new PreconditionException($"Product {product.ProductId} does not fit need {need.NeedId} on its terms as they are now: {string.Join("; ", failing)}.");
        }

        return OfferedProduct.From(current);
    }

    // Past its decide-by day an application expires (as a decision arriving then expires it, before the sweep
    // does): nothing else is recorded on it, and the caller hears 409.
    private async Task ExpireIfOverdueAsync(Model.Application application, CancellationToken cancellationToken)
    {
        if (!ApplicationRules.IsOverdue(application, ChinaTime.Today(time)))
        {
            return;
        }

        var steps = await store.StepsOfNeedAsync(application.NeedId, cancellationToken);
        await store.TryWriteAsync(Broadcasting.Expire(application, steps, time.GetUtcNow()), cancellationToken);
        throw new ConflictException($"Application {application.ApplicationId} expired: its decide-by date {Dates.Day(application.DecideBy)} has passed.");
    }

    private async Task SaveAsync(MarketWrite write, string conflict, CancellationToken cancellationToken)
    {
        if (!await store.TryWriteAsync(write, cancellationToken))
        {
            throw new ConflictException(conflict);
        }
    }
}
