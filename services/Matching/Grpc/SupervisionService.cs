using FinanceMarket.ServiceDefaults.Idempotency;
using FinanceMarket.Matching.Model;
using FinanceMarket.Matching.V1;
using FinanceMarket.ServiceDefaults.Storage;
using Grpc.Core;

namespace FinanceMarket.Matching.Grpc;

// The regions' service promises (set by their officials) and the supervision list: every step of a promise
// a bank did not keep, with the working days it is over, and the officials' follow-up notes (督办记录).
internal sealed class SupervisionService(
    IMatchingStore store,
    Calendars calendars,
    MarketReads market,
    IAuditRecorder reads,
    TimeProvider time) : V1.Supervision.SupervisionBase
{
    private const int NoteAttempts = 5;

    public override async Task<V1.ServicePromise> GetServicePromise(GetServicePromiseRequest request, ServerCallContext context)
    {
        Caller.From(context);
        RequireRegion(request.RegionCode);
        return MarketMapping.ToProto(request.RegionCode, await market.PromiseForAsync(request.RegionCode, context.CancellationToken));
    }

    public override async Task<V1.ServicePromise> PutServicePromise(PutServicePromiseRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        RequireRegion(request.RegionCode);
        if (!caller.Covers(request.RegionCode))
        {
            Caller.Deny($"Only officials of region {request.RegionCode} (or a region above it) may set its service promise.");
        }

        var now = time.GetUtcNow();
        var promise = MarketRules.ValidatePromise(
            request.RegionCode, request.TakeWithinDays, request.ContactWithinDays, request.DecideWithinDays, caller.Subject, now);
        var before = (await store.ServicePromisesAsync(context.CancellationToken)).FirstOrDefault(p => p.RegionCode == request.RegionCode);
        var audit = AuditTrail.Entry(caller, AuditActions.ServicePromiseSet, request.RegionCode, "service-promise/" + request.RegionCode,
            Audited(before), Audited(promise), null, now);
        var answer = MarketMapping.ToProto(request.RegionCode, promise);
        IdempotentCall.Answer(answer);
        await store.PutServicePromiseAsync(promise, audit, context.CancellationToken);
        return answer;
    }

    public override async Task<ListSupervisionResponse> ListSupervision(ListSupervisionRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        var region = caller.RegionToRead(request.RegionCode, "read the supervision list");
        var violations = new Violations();
        var (pageSize, after) = Paging.Read(violations, request.PageSize, request.PageToken);
        if (request.Status != SupervisionItem.Types.Status.Unspecified)
        {
            violations.Defined("status", request.Status);
        }

        if (after is not null && StepKey.Parse(after) is null)
        {
            violations.Add("pageToken", Reasons.BadPageToken, "is not a token this service issued");
        }

        violations.ThrowIfAny();
        var query = new StepQuery(region, string.IsNullOrEmpty(request.BankId) ? null : request.BankId, MarketMapping.ToDomain(request.Status));
        var page = await store.ListRaisedStepsAsync(query, pageSize, after, context.CancellationToken);
        var counts = await store.CountRaisedStepsAsync(query, context.CancellationToken);
        var names = await market.NamesAsync([.. page.Items.Select(s => s.BankId), .. counts.Select(c => c.BankId)], context);
        var (calendar, _) = await calendars.CurrentAsync(context.CancellationToken);
        var today = ChinaTime.Today(time);

        var response = new ListSupervisionResponse
        {
            NextPageToken = Paging.Token(page.LastKey),
            Untaken = counts.Where(c => c.BankId.Length == 0).Sum(c => c.Raised),
        };
        response.Items.AddRange(page.Items.Select(s => MarketMapping.ToProto(s, Steps.DaysOver(s, today, calendar), names)));
        response.ByBank.AddRange(counts.Where(c => c.BankId.Length > 0)
            .OrderByDescending(c => c.Overdue).ThenByDescending(c => c.Raised).ThenBy(c => c.BankId, StringComparer.Ordinal)
            .Select(c => new BankSupervision
            {
                BankId = c.BankId,
                BankName = names(c.BankId),
                Overdue = c.Overdue,
                Raised = c.Raised,
                OldestDueOn = Dates.Day(c.OldestDueOn),
            }));
        if (page.Items.Count > 0)
        {
            await reads.RecordReadAsync(caller, AuditActions.SupervisionListed, region, "supervision?regionCode=" + region,
                new { StepIds = page.Items.Select(s => s.StepId).ToList() }, time.GetUtcNow(), context.CancellationToken);
        }

        return response;
    }

    public override async Task StreamRaisedSteps(StreamRaisedStepsRequest request, IServerStreamWriter<SupervisionItem> responseStream, ServerCallContext context)
    {
        var region = Caller.From(context).RegionToRead(request.RegionCode, "read the supervision list");
        var (calendar, _) = await calendars.CurrentAsync(context.CancellationToken);
        var today = ChinaTime.Today(time);
        string? after = null;
        do
        {
            var page = await store.ListRaisedStepsAsync(new StepQuery(region, null, null), Paging.MaxPageSize, after, context.CancellationToken);
            foreach (var step in page.Items)
            {
                // Reconciliation counts steps by bank id; the names are left out.
                await responseStream.WriteAsync(MarketMapping.ToProto(step, Steps.DaysOver(step, today, calendar), _ => string.Empty), context.CancellationToken);
            }

            after = page.LastKey;
        }
        while (after is not null);
    }

    public override async Task<SupervisionItem> AddSupervisionNote(AddSupervisionNoteRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        caller.RequireOfficial("add a follow-up note");
        MarketReads.RequireId(request.StepId, "stepId");
        var text = MarketRules.ValidateText("text", request.Text, MarketRules.MaxNoteLength);
        for (var attempt = 0; attempt < NoteAttempts; attempt++)
        {
            var step = await store.FindStepAsync(request.StepId, context.CancellationToken)
                ?? throw new NotFoundException($"Step {request.StepId} does not exist.");
            if (!caller.Covers(step.RegionCode))
            {
                Caller.Deny("Only officials of the enterprise's region may add a follow-up note.");
            }

            if (step.RaisedOn is null)
            {
                throw new PreconditionException($"Step {request.StepId} was not missed: it is not on the supervision list.");
            }

            var now = time.GetUtcNow();
            var noted = step with { Notes = [.. step.Notes, new Model.SupervisionNote(caller.Subject, caller.Region ?? string.Empty, text, now)], Version = step.Version + 1 };
            var audit = AuditTrail.Entry(caller, AuditActions.SupervisionNoted, step.RegionCode, "supervision/" + step.StepId, null, new { text }, null, now);
            var names = await market.NamesAsync([noted.BankId], context);
            var (calendar, _) = await calendars.CurrentAsync(context.CancellationToken);
            var answer = MarketMapping.ToProto(noted, Steps.DaysOver(noted, ChinaTime.Today(time), calendar), names);
            IdempotentCall.Answer(answer);
            if (await store.TryWriteAsync(new MarketWrite { Steps = [new(noted, step.Version)], Events = [audit] }, context.CancellationToken))
            {
                return answer;
            }
        }

        throw new ConflictException($"Step {request.StepId} is changing; try again.");
    }

    private static void RequireRegion(string regionCode)
    {
        if (!RegionCode.IsPrefix(regionCode))
        {
            Violations.Fail("regionCode", RegionCode.PrefixProblem(regionCode)!);
        }
    }

    private static object? Audited(Model.ServicePromise? p) =>
        p is null ? null : new { p.TakeWithinDays, p.ContactWithinDays, p.DecideWithinDays };
}
