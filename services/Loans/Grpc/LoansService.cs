using FinanceMarket.ServiceDefaults.Idempotency;
using FinanceMarket.Loans.Model;
using FinanceMarket.Loans.V1;
using Grpc.Core;
using static FinanceMarket.Loans.Grpc.LoansMapping;
using Loan = FinanceMarket.Loans.Model.Loan;
using LoanStatus = FinanceMarket.Loans.Model.LoanStatus;
using LoanClass = FinanceMarket.Loans.Model.LoanClass;
using Instalment = FinanceMarket.Loans.Model.Instalment;

namespace FinanceMarket.Loans.Grpc;

// Who may do what with a loan: the bank that granted it records its life; the enterprise reads its own, the
// bank its own, officials their region's (anyone else: 403). Every write reads
// the loan, applies the ledger's rules and saves the loan with the events of its new lines, checking that no
// other write came between; a lost race is tried again on the loan as it now is.
internal sealed class LoansService(ILoanStore store, TimeProvider time) : V1.Loans.LoansBase
{
    private const int Attempts = 5;

    public override Task<V1.Loan> RecordDisbursement(RecordDisbursementRequest request, ServerCallContext context) =>
        ChangeAsync(request.LoanId, context, "record a disbursement", async (loan, caller, today, at) =>
        {
            var day = Day(request.On, "on");
            var others = await store.OfEnterpriseAsync(loan.Terms.Uscc, context.CancellationToken);
            return [LedgerRules.Disburse(loan, day, request.AmountFen, today, caller.Subject, at, (l, on) => Classify(l, on, others))];
        });

    public override Task<V1.Loan> SetSchedule(SetScheduleRequest request, ServerCallContext context) =>
        ChangeAsync(request.LoanId, context, "set a repayment schedule", (loan, caller, today, at) =>
        {
            var v = new Violations();
            var start = OptionalDay(v, request.StartOn, "startOn");
            var instalments = request.Instalments.Select((i, n) => new Instalment(n + 1, DayOf(v, i.DueOn, $"instalments[{n}].dueOn"), i.PrincipalFen, i.InterestFen))
                .ToList();
            v.Range("termMonths", request.TermMonths, 0, LedgerRules.MaxTermMonths);
            v.ThrowIfAny();
            return Task.FromResult<IReadOnlyList<Loan>>(
                [LedgerRules.SetSchedule(loan, Kind(request.Kind), start, request.TermMonths, instalments, today, caller.Subject, at)]);
        });

    public override Task<V1.Loan> RecordRepayment(RecordRepaymentRequest request, ServerCallContext context) =>
        ChangeAsync(request.LoanId, context, "record a repayment", (loan, caller, today, at) =>
            Task.FromResult<IReadOnlyList<Loan>>([LedgerRules.Repay(loan, Day(request.On, "on"), request.PrincipalFen, request.InterestFen, today, caller.Subject, at)]));

    public override Task<RenewLoanResponse> RenewLoan(RenewLoanRequest request, ServerCallContext context) =>
        ChangeAsync(request.LoanId, context, "renew a loan", async (loan, caller, today, at) =>
        {
            var day = string.IsNullOrEmpty(request.On) ? today : Day(request.On, "on");
            var others = await store.OfEnterpriseAsync(loan.Terms.Uscc, context.CancellationToken);
            var (old, renewal) = LedgerRules.Renew(loan, SortableId.NewId(time), day, request.NewTermMonths, RenewalKindOf(request.RenewalKind), request.RateBp, today,
                caller.Subject, at, (l, on) => Classify(l, on, others.Where(o => o.LoanId != loan.LoanId)));
            return [old, renewal];
        }, (changed, today) => new RenewLoanResponse { Renewed = ToProto(changed[0], today, withLedger: true), Renewal = ToProto(changed[1], today, withLedger: true) });

    public override Task<V1.Loan> SettleLoan(SettleLoanRequest request, ServerCallContext context) =>
        ChangeAsync(request.LoanId, context, "settle a loan", (loan, caller, today, at) =>
            Task.FromResult<IReadOnlyList<Loan>>([LedgerRules.Settle(loan, Day(request.On, "on"), today, caller.Subject, at)]));

    public override Task<V1.Loan> WriteOffLoan(WriteOffLoanRequest request, ServerCallContext context) =>
        ChangeAsync(request.LoanId, context, "write a loan off", (loan, caller, today, at) =>
            Task.FromResult<IReadOnlyList<Loan>>([LedgerRules.WriteOff(loan, Day(request.On, "on"), request.Reason, today, caller.Subject, at)]));

    public override async Task<V1.Loan> GetLoan(GetLoanRequest request, ServerCallContext context)
    {
        var today = ChinaTime.Today(time);
        var v = new Violations();
        var on = OptionalDay(v, request.On, "on") ?? today;
        v.ThrowIfAny();
        var loan = await ReadableAsync(request.LoanId, Caller.From(context), context.CancellationToken);
        return ToProto(loan, on, withLedger: true);
    }

    public override async Task<ListLoansResponse> ListLoans(ListLoansRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        var v = new Violations();
        var page = Paging.Read(v, request.PageSize, request.PageToken);
        LoanStatus? status = request.Status == V1.LoanStatus.Unspecified ? null
            : ProtoEnums.TryToDomain<LoanStatus>(request.Status, out var known) ? known : null;
        v.Require(request.Status == V1.LoanStatus.Unspecified || status is not null, "status", Reasons.NotOneOf, "is not a loan status",
            ("allowed", Enum.GetValues<LoanStatus>().Select(s => s.Wire())), ("got", (int)request.Status));
        v.ThrowIfAny();
        var query = caller.Role switch
        {
            Roles.Enterprise => new LoanQuery(UnifiedSocialCreditCode.Normalize(caller.Subject), null, null, status),
            Roles.Bank => new LoanQuery(null, caller.Subject, null, status),
            _ => new LoanQuery(null, null, caller.RegionToRead(request.RegionCode, "list a region's loans"), status),
        };
        var found = await store.ListAsync(query, page.PageSize, page.After, context.CancellationToken);
        var today = ChinaTime.Today(time);
        var response = new ListLoansResponse { NextPageToken = Paging.Token(found.LastKey) };
        response.Loans.AddRange(found.Items.Select(l => ToProto(l, today, withLedger: false)));
        return response;
    }

    // Every loan of the region a page at a time, each line as its event was published (LoanEvents), so the
    // totals rebuilt from them follow the same rules as the running ones.
    public override async Task StreamLedgerLines(StreamLedgerLinesRequest request, IServerStreamWriter<LedgerLine> responseStream, ServerCallContext context)
    {
        var region = Caller.From(context).RegionToRead(request.RegionCode, "read the loan ledgers");
        string? after = null;
        do
        {
            var page = await store.ListAsync(new LoanQuery(null, null, region, null), Paging.MaxPageSize, after, context.CancellationToken);
            foreach (var line in page.Items.SelectMany(l => LoanEvents.Since(l, 0)))
            {
                await responseStream.WriteAsync(LoansMapping.ToLine(line), context.CancellationToken);
            }

            after = page.LastKey;
        }
        while (after is not null);
    }

    public override async Task<V1.BalanceSegments> GetBalanceSegments(GetBalanceSegmentsRequest request, ServerCallContext context)
    {
        var v = new Violations();
        if (!Guid.TryParse(request.ApplicationId, out _))
        {
            v.NotAnId("applicationId", "application");
        }

        var from = DayOf(v, request.PeriodStart, "periodStart");
        var to = DayOf(v, request.PeriodEnd, "periodEnd");
        v.Require(to > from, "periodEnd", Reasons.NotAfterField, "must come after periodStart", ("field", "periodStart"), ("min", from == default ? null : (DateOnly?)from));
        v.ThrowIfAny();
        var caller = Caller.From(context);
        var loans = await store.OfApplicationAsync(request.ApplicationId, context.CancellationToken);
        if (loans.Count == 0)
        {
            throw new NotFoundException($"Application {request.ApplicationId} has no loan (not approved, or its approval not yet delivered).");
        }

        if (!caller.MayRead(loans[0].Terms.Uscc, loans[0].Terms.BankId, loans[0].Terms.RegionCode))
        {
            Caller.Deny($"The loans of application {request.ApplicationId} are not this caller's.");
        }

        var response = new V1.BalanceSegments();
        response.Segments.AddRange(loans.SelectMany(l => Balances.Segments(l, from, to).Select(s => new V1.BalanceSegment
        {
            From = Dates.Day(s.From), To = Dates.Day(s.To), PrincipalFen = s.PrincipalFen, Days = s.Days, LoanId = l.LoanId,
        })).OrderBy(s => s.From, StringComparer.Ordinal));
        return response;
    }

    private Task<V1.Loan> ChangeAsync(
        string loanId, ServerCallContext context, string action, Func<Loan, Caller, DateOnly, DateTimeOffset, Task<IReadOnlyList<Loan>>> change) =>
        ChangeAsync(loanId, context, action, change, (changed, today) => ToProto(changed[0], today, withLedger: true));

    // The answer is made before the write, so a retry with the same Idempotency-Key finds it saved with the change.
    private async Task<TAnswer> ChangeAsync<TAnswer>(
        string loanId, ServerCallContext context, string action, Func<Loan, Caller, DateOnly, DateTimeOffset, Task<IReadOnlyList<Loan>>> change,
        Func<IReadOnlyList<Loan>, DateOnly, TAnswer> answerOf) where TAnswer : Google.Protobuf.IMessage
    {
        var caller = Caller.From(context);
        for (var attempt = 1; ; attempt++)
        {
            var loan = await ReadableAsync(loanId, caller, context.CancellationToken);
            if (!caller.IsBank || caller.Subject != loan.Terms.BankId)
            {
                Caller.Deny($"Only the bank that granted loan {loan.LoanId} may {action}.");
            }

            var (today, at) = (ChinaTime.Today(time), time.GetUtcNow());
            var changed = await change(loan, caller, today, at);
            var writes = changed.Select(l => new LoanWrite(l, l.LoanId == loan.LoanId ? loan.Version : null)).ToList();
            var events = changed.SelectMany(l => LoanEvents.Since(l, l.LoanId == loan.LoanId ? loan.Version : 0)).ToList<IntegrationEvent>();
            var answer = answerOf(changed, today);
            IdempotentCall.Answer(answer);
            if (await store.SaveAsync(writes, events, context.CancellationToken))
            {
                return answer;
            }

            if (attempt == Attempts)
            {
                throw new ConflictException($"Loan {loanId} kept changing while this was recorded; try again.");
            }
        }
    }

    private async Task<Loan> ReadableAsync(string loanId, Caller caller, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(loanId, out _))
        {
            new Violations().NotAnId("loanId", "loan").Throw();
        }

        var loan = await store.FindAsync(loanId.ToLowerInvariant(), cancellationToken) ?? throw new NotFoundException($"Loan {loanId} was not found.");
        if (!caller.MayRead(loan.Terms.Uscc, loan.Terms.BankId, loan.Terms.RegionCode))
        {
            Caller.Deny($"Loan {loan.LoanId} is not this caller's: the enterprise, the bank that granted it and officials of its region read it.");
        }

        return loan;
    }

    // First loan: no other loan of the enterprise was paid out before this day. Its total credit: the grants of
    // its other loans still open, with this one's.
    private static LoanClass Classify(Loan loan, DateOnly on, IEnumerable<Loan> others)
    {
        var rest = others.Where(o => o.LoanId != loan.LoanId).ToList();
        var earlier = rest.Any(o => o.FirstDisbursedOn is { } first && first <= on && o.RenewalOf is null);
        var openCredit = rest.Where(o => !o.IsClosed).Sum(o => o.Terms.GrantedFen);
        return LoanClasses.Classify(loan.Terms, earlier, openCredit);
    }
}
