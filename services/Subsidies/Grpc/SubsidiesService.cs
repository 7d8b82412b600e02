using FinanceMarket.ServiceDefaults.Idempotency;
using FinanceMarket.ServiceDefaults.Storage;
using FinanceMarket.ServiceDefaults.Hosting;
using FinanceMarket.Subsidies.Infrastructure;
using FinanceMarket.Subsidies.Model;
using ClaimStatus = FinanceMarket.Subsidies.Model.ClaimStatus;
using FinanceMarket.Subsidies.V1;
using Grpc.Core;
using MatchingV1 = FinanceMarket.Matching.V1;

namespace FinanceMarket.Subsidies.Grpc;

// Submitting and quoting a claim, which share their checks, are in SubsidiesService.Submission.cs; the
// audit log's reading and checking in SubsidiesService.Audit.cs.
internal sealed partial class SubsidiesService(
    ISubsidyStore store, IAuditLog auditLog, IAuditRecorder reads, IEnterpriseSizes sizes, MatchingV1.Matching.MatchingClient matching,
    Loans.V1.Loans.LoansClient loans, TimeProvider time)
    : V1.Subsidies.SubsidiesBase
{
    public const int MaxLprBp = 2000;
    public const int MaxDaysAhead = 31;

    public override async Task<V1.LprQuote> RecordLpr(RecordLprRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        RequireOperator(caller, "record the LPR");
        var v = new Violations();
        var on = LprFigures(v, request.EffectiveOn, request.OneYearBp, request.FiveYearBp);
        v.ThrowIfAny();

        var quote = new Model.LprQuote(on!.Value, request.OneYearBp, request.FiveYearBp, caller.Subject, time.GetUtcNow());
        var audit = AuditTrail.Entry(caller, AuditActions.LprRecorded, AuditTrail.National, "lpr/" + request.EffectiveOn,
            null, new { quote.OneYearBp, quote.FiveYearBp }, null, quote.RecordedAt);
        IdempotentCall.Answer(SubsidiesMapping.ToProto(quote));
        if (!await store.TryRecordLprAsync(quote, audit, context.CancellationToken))
        {
            throw new RpcException(new Status(StatusCode.AlreadyExists, $"An LPR effective on {request.EffectiveOn} is already recorded."));
        }

        return SubsidiesMapping.ToProto(quote);
    }

    // A recorded quote that was wrong is corrected, never deleted: the values it replaces stay on it, with
    // who, why and when. Claims already decided keep the amounts (and the quote their calculation names)
    // they were decided on; claims after the correction are priced on the corrected figures.
    public override async Task<V1.LprQuote> CorrectLpr(CorrectLprRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        RequireOperator(caller, "correct the LPR");
        var v = new Violations();
        var on = LprFigures(v, request.EffectiveOn, request.OneYearBp, request.FiveYearBp);
        v.Text("reason", request.Reason, 500);
        v.ThrowIfAny();

        var current = await store.LprOnAsync(on!.Value, context.CancellationToken);
        if (current is null || current.EffectiveOn != on.Value)
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"No LPR effective on {request.EffectiveOn} is recorded; record it with POST /api/v1/lpr."));
        }

        var corrected = current.Corrected(request.OneYearBp, request.FiveYearBp, caller.Subject, request.Reason.Trim(), time.GetUtcNow());
        var audit = AuditTrail.Entry(caller, AuditActions.LprCorrected, AuditTrail.National, "lpr/" + request.EffectiveOn,
            new { current.OneYearBp, current.FiveYearBp }, new { corrected.OneYearBp, corrected.FiveYearBp }, request.Reason, time.GetUtcNow());
        IdempotentCall.Answer(SubsidiesMapping.ToProto(corrected));
        if (!await store.TryCorrectLprAsync(corrected, current.CorrectionCount, audit, context.CancellationToken))
        {
            throw new RpcException(new Status(StatusCode.Aborted, $"The LPR effective on {request.EffectiveOn} was corrected at the same moment; read it again."));
        }

        return SubsidiesMapping.ToProto(corrected);
    }

    private DateOnly? LprFigures(Violations v, string effectiveOn, int oneYearBp, int fiveYearBp)
    {
        var on = v.Date("effectiveOn", effectiveOn);
        var today = ChinaTime.Today(time);
        if (on is { } day && (day < new DateOnly(2000, 1, 1) || day > today.AddDays(MaxDaysAhead)))
        {
            v.Add("effectiveOn", Reasons.DateOutOfRange, $"must be between 2000-01-01 and {Dates.Day(today.AddDays(MaxDaysAhead))}",
                ("min", new DateOnly(2000, 1, 1)), ("max", today.AddDays(MaxDaysAhead)), ("got", day));
        }

        v.Range("oneYearBp", oneYearBp, 1, MaxLprBp);
        v.Range("fiveYearBp", fiveYearBp, 1, MaxLprBp);
        return on;
    }

    // The LPR is the same for the whole country: no district's official may set what every subsidy priced on
    // it pays.
    private static void RequireOperator(Caller caller, string action)
    {
        if (!caller.IsOperator)
        {
            Caller.Deny($"Only the platform's operator may {action}: it is national reference data.");
        }
    }

    public override async Task<V1.LprQuote> GetLpr(GetLprRequest request, ServerCallContext context)
    {
        Caller.From(context);
        var violations = new Violations();
        var on = string.IsNullOrEmpty(request.On) ? ChinaTime.Today(time) : violations.Date("on", request.On);
        violations.ThrowIfAny();
        var quote = await store.LprOnAsync(on!.Value, context.CancellationToken)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"No LPR is recorded in force on {Dates.Day(on.Value)}."));
        return SubsidiesMapping.ToProto(quote);
    }

    public override async Task<V1.Program> CreateProgram(CreateProgramRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        caller.RequireOfficial("create subsidy programmes");
        var program = ProgramRules.Validate(SubsidiesMapping.ToRequest(request), caller, time);
        var audit = AuditTrail.Entry(caller, AuditActions.ProgramCreated, program.RegionCode, "subsidy-program/" + program.ProgramId,
            null, program, null, program.CreatedAt);
        IdempotentCall.Answer(SubsidiesMapping.ToProto(program));
        await store.AddProgramAsync(program, audit, context.CancellationToken);
        return SubsidiesMapping.ToProto(program);
    }

    public override async Task<V1.Program> UpdateProgram(UpdateProgramRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        caller.RequireOfficial("edit subsidy programmes");
        // Whose programme it is first: an official of another region learns nothing from how the body is refused.
        var current = await OwnProgramAsync(caller, request.ProgramId, "edit", context.CancellationToken);
        // Programmes kept before claims were counted on them say 0: their claims are looked for. One made after
        // this read moves the version on, and the save below loses to it.
        if (current.ClaimsMade == 0 && (await store.ListClaimsAsync(new ClaimQuery(null, null, null, null, current.ProgramId), 1, null, context.CancellationToken)).Items.Count > 0)
        {
            current = current with { ClaimsMade = 1 };
        }

        var asked = ProgramRules.Validate(SubsidiesMapping.ToRequest(request), caller, time,
            v => v.Require(request.ExpectedVersion > 0, "expectedVersion", Reasons.Required, "is required: the version of the programme as you read it"));
        var now = time.GetUtcNow();
        var edited = ProgramRules.Revise(current, asked, now);
        var audit = AuditTrail.Entry(caller, AuditActions.ProgramUpdated, edited.RegionCode, "subsidy-program/" + edited.ProgramId, current, edited, null, now);
        IdempotentCall.Answer(SubsidiesMapping.ToProto(edited));
        if (current.Version != request.ExpectedVersion || !await store.TryReviseProgramAsync(edited, current.Version, audit, context.CancellationToken))
        {
            throw new RpcException(new Status(StatusCode.Aborted,
                $"Programme {current.ProgramId} has changed since version {request.ExpectedVersion} was read (a claim, an edit); read it again."));
        }

        return SubsidiesMapping.ToProto(edited);
    }

    public override async Task<V1.Program> CloseProgram(CloseProgramRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        caller.RequireOfficial("close subsidy programmes");
        var current = await OwnProgramAsync(caller, request.ProgramId, "close", context.CancellationToken);
        new Violations().Text("reason", request.Reason, 500).ThrowIfAny();
        // Closing twice is not an error: a client retrying after a lost answer gets the programme as closed.
        if (current.Closed is not null)
        {
            return SubsidiesMapping.ToProto(current);
        }

        var now = time.GetUtcNow();
        var closed = current with { Closed = new ProgramClosure(caller.Subject, request.Reason.Trim(), now), Version = current.Version + 1 };
        var audit = AuditTrail.Entry(caller, AuditActions.ProgramClosed, current.RegionCode, "subsidy-program/" + current.ProgramId,
            new { Status = "OPEN" }, new { Status = "CLOSED" }, request.Reason.Trim(), now);
        IdempotentCall.Answer(SubsidiesMapping.ToProto(closed));
        if (!await store.TryReviseProgramAsync(closed, current.Version, audit, context.CancellationToken))
        {
            throw new RpcException(new Status(StatusCode.Aborted, $"Programme {current.ProgramId} changed while it was being closed; read it again."));
        }

        return SubsidiesMapping.ToProto(closed);
    }

    // A programme the official may change: one their region covers.
    private async Task<SubsidyProgram> OwnProgramAsync(Caller caller, string programId, string action, CancellationToken cancellationToken)
    {
        var program = await FindProgramAsync(programId, cancellationToken);
        if (!caller.Covers(program.RegionCode))
        {
            Caller.Deny($"Programme {program.ProgramId} is region {program.RegionCode}'s; only its officials {action} it.");
        }

        return program;
    }

    public override async Task<V1.Program> GetProgram(GetProgramRequest request, ServerCallContext context)
    {
        Caller.From(context);
        return SubsidiesMapping.ToProto(await FindProgramAsync(request.ProgramId, context.CancellationToken));
    }

    public override async Task<ListProgramsResponse> ListPrograms(ListProgramsRequest request, ServerCallContext context)
    {
        Caller.From(context);
        var v = new Violations();
        string? region = null;
        if (!string.IsNullOrEmpty(request.RegionCode))
        {
            if (RegionCode.PrefixProblem(request.RegionCode) is { } problem)
            {
                v.Add("regionCode", problem);
            }

            region = request.RegionCode;
        }

        var (size, after) = ServiceDefaults.Validation.Paging.Read(v, request.PageSize, request.PageToken);
        v.ThrowIfAny();
        var page = await store.ListProgramsAsync(region, size, after, context.CancellationToken);
        var response = new ListProgramsResponse { NextPageToken = ServiceDefaults.Validation.Paging.Token(page.LastKey) };
        response.Programs.AddRange(page.Items.Select(SubsidiesMapping.ToProto));
        return response;
    }

    public override async Task<V1.Claim> GetClaim(GetClaimRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        var claim = await FindClaimAsync(request.ClaimId, context.CancellationToken);
        if (!caller.MayRead(claim.Uscc, claim.BankId, claim.RegionCode))
        {
            Caller.Deny("Only the borrower, its bank, or an official of its region may read a claim.");
        }

        await reads.RecordReadAsync(caller, AuditActions.ClaimRead, claim.RegionCode, "subsidy-claim/" + claim.ClaimId, null, time.GetUtcNow(), context.CancellationToken);
        return SubsidiesMapping.ToProto(claim);
    }

    public override async Task<ListClaimsResponse> ListClaims(ListClaimsRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        if (caller.IsOperator)
        {
            // The operator keeps reference data; whose loans are subsidised is the regions' business.
            Caller.Deny("The platform's operator reads no claims: they belong to the borrowers, their banks and the officials of their region.");
        }

        var v = new Violations();
        ClaimStatus? status = null;
        if (request.Status != V1.ClaimStatus.Unspecified)
        {
            v.Defined("status", request.Status);
            status = ProtoEnums.TryToDomain<ClaimStatus>(request.Status, out var known) ? known : null;
        }

        if (!string.IsNullOrEmpty(request.ProgramId))
        {
            if (!Guid.TryParse(request.ProgramId, out _))
            {
                v.NotAnId("programId", "programme");
            }
        }

        var (size, after) = ServiceDefaults.Validation.Paging.Read(v, request.PageSize, request.PageToken);
        v.ThrowIfAny();
        var query = new ClaimQuery(
            caller.IsEnterprise ? UnifiedSocialCreditCode.Normalize(caller.Subject) : null,
            caller.IsBank ? caller.Subject : null,
            caller.IsOfficial ? caller.RegionToRead(request.RegionCode, "list claims") : null,
            status,
            string.IsNullOrEmpty(request.ProgramId) ? null : request.ProgramId);
        var page = await store.ListClaimsAsync(query, size, after, context.CancellationToken);
        if (query.RegionPrefix is { } region && page.Items.Count > 0)
        {
            await reads.RecordReadAsync(caller, AuditActions.ClaimsListed, region, "subsidy-claims?regionCode=" + region,
                new { ClaimIds = page.Items.Select(c => c.ClaimId).ToList() }, time.GetUtcNow(), context.CancellationToken);
        }

        var response = new ListClaimsResponse { NextPageToken = ServiceDefaults.Validation.Paging.Token(page.LastKey) };
        response.Claims.AddRange(page.Items.Select(SubsidiesMapping.ToProto));
        return response;
    }

    public override Task<V1.Claim> ApproveClaim(ClaimActionRequest request, ServerCallContext context) =>
        MoveAsync(request.ClaimId, "approve", AuditActions.ClaimApproved, context, (c, official) => ClaimTransitions.Approve(c, official, time.GetUtcNow()));

    public override Task<V1.Claim> PayClaim(ClaimActionRequest request, ServerCallContext context) =>
        MoveAsync(request.ClaimId, "pay", AuditActions.ClaimPaid, context, (c, official) => ClaimTransitions.Pay(c, official, time.GetUtcNow()));

    public override Task<V1.Claim> RejectClaim(RejectClaimRequest request, ServerCallContext context) =>
        MoveAsync(request.ClaimId, "reject", AuditActions.ClaimRejected, context, (c, _) =>
        {
            var v = new Violations();
            v.Text("reason", request.Reason, 500);
            v.ThrowIfAny();
            return ClaimTransitions.Reject(c, request.Reason.Trim(), time.GetUtcNow());
        });

    public override async Task StreamPaidClaims(StreamPaidClaimsRequest request, IServerStreamWriter<V1.Claim> responseStream, ServerCallContext context)
    {
        var caller = Caller.From(context);
        var region = caller.RegionToRead(request.RegionCode, "read paid claims");
        string? after = null;
        do
        {
            var page = await store.ListClaimsAsync(new ClaimQuery(null, null, region, ClaimStatus.Paid, null), ServiceDefaults.Validation.Paging.MaxPageSize, after, context.CancellationToken);
            foreach (var claim in page.Items)
            {
                await responseStream.WriteAsync(SubsidiesMapping.ToProto(claim), context.CancellationToken);
            }

            after = page.LastKey;
        }
        while (after is not null);
    }

    // An official of the claim's region moves it one step; of two officials acting at once, one wins.
    private async Task<V1.Claim> MoveAsync(
        string claimId, string action, string audited, ServerCallContext context, Func<Model.Claim, string, ClaimTransitions.Move> move)
    {
        var caller = Caller.From(context);
        caller.RequireOfficial(action + " subsidy claims");
        var claim = await FindClaimAsync(claimId, context.CancellationToken);
        if (!caller.Covers(claim.RegionCode))
        {
            Caller.Deny($"Claim {claim.ClaimId} is for a borrower in {claim.RegionCode}, outside this official's region {caller.Region}.");
        }

        // Spending a budget is for officials of the programme's region: a district does not pay from a province's.
        var program = await FindProgramAsync(claim.ProgramId, context.CancellationToken);
        if (!caller.Covers(program.RegionCode))
        {
            Caller.Deny($"Programme {program.ProgramId} belongs to region {program.RegionCode}; only its officials decide its claims.");
        }

        var step = move(claim, caller.Subject);
        var audit = AuditTrail.Entry(caller, audited, claim.RegionCode, "subsidy-claim/" + claim.ClaimId,
            new { Status = claim.Status.Wire() }, new { Status = step.Claim.Status.Wire(), step.Claim.AmountFen, step.Claim.ProgramId, step.Claim.Uscc },
            step.Claim.RejectionReason, time.GetUtcNow());
        IdempotentCall.Answer(SubsidiesMapping.ToProto(step.Claim));
        if (!await store.TryMoveAsync(step, claim.Version, audit, context.CancellationToken))
        {
            throw new RpcException(new Status(StatusCode.Aborted, $"Claim {claim.ClaimId} changed at the same moment; read it again."));
        }

        return SubsidiesMapping.ToProto(step.Claim);
    }

    private async Task<Model.SubsidyProgram> FindProgramAsync(string programId, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(programId, out _))
        {
            new Violations().NotAnId("programId", "programme").Throw();
        }

        return await store.FindProgramAsync(programId, cancellationToken)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"Subsidy programme {programId} does not exist."));
    }

    private async Task<Model.Claim> FindClaimAsync(string claimId, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(claimId, out _))
        {
            new Violations().NotAnId("claimId", "claim").Throw();
        }

        return await store.FindClaimAsync(claimId, cancellationToken)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"Subsidy claim {claimId} does not exist."));
    }
}
