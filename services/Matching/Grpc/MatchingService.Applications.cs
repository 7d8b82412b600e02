using FinanceMarket.ServiceDefaults.Idempotency;
using FinanceMarket.Matching.Model;
using FinanceMarket.Matching.Shelf;
using FinanceMarket.Matching.V1;
using FinanceMarket.ServiceDefaults.Hosting;
using FinanceMarket.ServiceDefaults.Storage;
using Grpc.Core;
using CatalogV1 = FinanceMarket.Catalog.V1;

namespace FinanceMarket.Matching.Grpc;

// The application lifecycle: submitted by the enterprise, decided by its bank (or expired by the sweep).
internal sealed partial class MatchingService
{
    public override async Task<V1.Application> SubmitApplication(SubmitApplicationRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        var violations = new Violations();
        MarketReads.RequireId(violations, request.NeedId, "needId");
        MarketReads.RequireId(violations, request.ProductId, "productId");
        violations.Require(request.ConsentToCreditQuery, "consentToCreditQuery", Reasons.ConsentRequired,
            "must be true: the bank may query the enterprise's credit record only with its consent");
        violations.ThrowIfAny();

        var need = await FindNeedAsync(request.NeedId, "needId", context.CancellationToken);
        RequireTheEnterprise(caller, need.Uscc, "apply for its own financing needs");

        var product = await ResilientGrpcClients.ReadAsync("The catalog", () =>
            catalog.GetProductAsync(new CatalogV1.GetProductRequest { ProductId = request.ProductId }, ForwardedCredentials.From(context), cancellationToken: context.CancellationToken).ResponseAsync);
        if (product.Status != CatalogV1.ProductStatus.Listed)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"Product {product.ProductId} was delisted on {product.DelistedAt}; it takes no applications."));
        }

        // Whether it was among the best the need stored or not, the application is made on the product's terms as
        // they are now, so they must fit the need and the enterprise as matched (its bank may have edited them).
        var (current, _) = ShelfMapping.FromCatalog(product);
        var failing = EligibilityRules.Reasons(current, need.Profile, need.Request);
        if (failing.Count > 0)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition,
                $"Product {product.ProductId} is not a match for need {need.NeedId} on its terms as they are now: {string.Join("; ", failing)}."));
        }

        var now = time.GetUtcNow();
        var (calendar, _) = await calendars.CurrentAsync(context.CancellationToken);
        var promise = await market.PromiseForAsync(need.Enterprise.RegionCode, context.CancellationToken);
        var (application, submitted) = Transitions.Submit(SortableId.NewId(time), need, OfferedProduct.From(current), now, calendar, promise);
        var steps = Steps.Of(application, need, () => SortableId.NewId(time)).Select(s => new Versioned<ServiceStep>(s, 0)).ToList();
        var answer = await market.ToProtoAsync(application, context);
        IdempotentCall.Answer(answer);
        if (!await store.TryWriteAsync(new MarketWrite { Application = new(application, 0), Steps = steps, Events = [submitted] }, context.CancellationToken))
        {
            var existing = await store.FindApplicationForAsync(need.NeedId, product.ProductId, context.CancellationToken);
            throw new RpcException(new Status(StatusCode.AlreadyExists,
                $"Need {need.NeedId} has already been sent to product {product.ProductId}: application {existing?.ApplicationId} ({existing?.Status.Wire()})."));
        }

        // The application is the enterprise's consent for the bank to read its credit data. The credit service
        // keeps it from the application's event; asking it now, with the enterprise's own token, means the bank
        // can read the moment it sees the application.
        await profiles.GrantApplicationConsentAsync(application, ForwardedCredentials.From(context), context.CancellationToken);
        return answer;
    }

    public override async Task<V1.Application> GetApplication(GetApplicationRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        var application = await FindApplicationAsync(request.ApplicationId, context.CancellationToken);
        if (!caller.MayRead(application.Uscc, application.BankId, application.RegionCode))
        {
            Caller.Deny("Only the applicant, the bank it is addressed to, or an official of its region may read an application.");
        }

        await reads.RecordReadAsync(caller, AuditActions.ApplicationRead, application.RegionCode, "application/" + application.ApplicationId, null, time.GetUtcNow(), context.CancellationToken);
        return await market.ToProtoAsync(application, context);
    }

    public override Task<V1.Application> ApproveApplication(ApproveApplicationRequest request, ServerCallContext context) =>
        DecideAsync(request.ApplicationId, context, (application, calendar) =>
        {
            var deal = ApplicationRules.ValidateApproval(
                application, request.GrantedAmountFen, request.AnnualRateBp, request.TermMonths, request.ContractDate, Lpr, ChinaTime.Today(time));
            return Transitions.Approve(application, deal, application.BankId, time.GetUtcNow(), calendar);
        });

    public override Task<V1.Application> RejectApplication(RejectApplicationRequest request, ServerCallContext context) =>
        DecideAsync(request.ApplicationId, context, (application, calendar) =>
        {
            var (code, reason) = MarketRules.ValidateRejection(
                ProtoEnums.TryToDomain<RejectionCode>(request.Code, out var c) ? c : null, request.Reason);
            return Transitions.Reject(application, code, reason, application.BankId, time.GetUtcNow(), calendar);
        });

    // A decision by the application's bank: an overdue application expires instead (as the sweep would have
    // done), a decided one is a conflict, and of two decisions racing, the versioned update lets one win.
    private async Task<V1.Application> DecideAsync(
        string applicationId, ServerCallContext context, Func<Model.Application, WorkingCalendar, (Model.Application, IntegrationEvent)> decide)
    {
        var caller = Caller.From(context);
        var application = await FindApplicationAsync(applicationId, context.CancellationToken);
        if (!caller.IsBank || caller.Subject != application.BankId)
        {
            Caller.Deny($"Only bank {application.BankId}, to which the application is addressed, may decide it.");
        }

        var today = ChinaTime.Today(time);
        var steps = (await store.StepsOfNeedAsync(application.NeedId, context.CancellationToken)).Where(s => s.ApplicationId == application.ApplicationId).ToList();
        if (ApplicationRules.IsOverdue(application, today))
        {
            await store.TryWriteAsync(Broadcasting.Expire(application, steps, time.GetUtcNow()), context.CancellationToken);
            throw new RpcException(new Status(StatusCode.Aborted,
                $"Application {application.ApplicationId} expired: its decide-by date {Dates.Day(application.DecideBy)} has passed."));
        }

        ApplicationRules.RequireUndecided(application);
        var (calendar, _) = await calendars.CurrentAsync(context.CancellationToken);
        var (decided, evt) = decide(application, calendar);
        var (met, events) = Broadcasting.Move(steps, s => Steps.Done(s, today));
        var answer = await market.ToProtoAsync(decided, context);
        IdempotentCall.Answer(answer);
        if (!await store.TryWriteAsync(new MarketWrite { Application = new(decided, application.Version), Steps = met, Events = [evt, .. events] }, context.CancellationToken))
        {
            var now = await store.FindApplicationAsync(application.ApplicationId, context.CancellationToken);
            throw new RpcException(new Status(StatusCode.Aborted,
                $"Application {application.ApplicationId} was decided at the same moment ({now?.Status.Wire()}); this decision was not recorded."));
        }

        return answer;
    }

    private async Task<Model.Application> FindApplicationAsync(string applicationId, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(applicationId, out _))
        {
            new Violations().NotAnId("applicationId", "application").Throw();
        }

        return await store.FindApplicationAsync(applicationId, cancellationToken)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"Application {applicationId} does not exist."));
    }
}
