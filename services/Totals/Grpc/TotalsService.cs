using FinanceMarket.Totals.Extensions;
using FinanceMarket.Totals.Infrastructure;
using FinanceMarket.Totals.Model;
using FinanceMarket.Totals.V1;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace FinanceMarket.Totals.Grpc;

internal sealed partial class TotalsService(
    ITotalsStore store,
    Reconciliation reconciliation,
    IOptions<TotalsOptions> options,
    TimeProvider time,
    BankNames bankNames,
    [FromKeyedServices(TotalsService.WatchSlots)] Slots watches,
    [FromKeyedServices(TotalsService.ReconcileSlots)] Slots reconciliations) : V1.Totals.TotalsBase
{
    public const string WatchSlots = "watches";
    public const string ReconcileSlots = "reconciliations";

    // An official rebuilds the region's totals from the sources of truth and reads every difference. A
    // province's rebuild reads every deal and claim in it: one at a time per region, whoever asks.
    public override async Task<ReconciliationReport> Reconcile(ReconcileRequest request, ServerCallContext context)
    {
        var region = Caller.From(context).RegionToRead(request.RegionCode, "reconcile the totals");
        using var slot = reconciliations.TryTake(region, 1)
            ?? throw new RpcException(new Status(StatusCode.ResourceExhausted, $"A reconciliation of region {region} is running; try again once it has finished."));
        var differences = await reconciliation.RunAsync(region, ForwardedCredentials.From(context), context.CancellationToken);
        var report = new ReconciliationReport { AsOf = time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture) };
        report.Differences.AddRange(differences.Select(d => new V1.Difference { Scope = d.Scope, Figure = d.Figure, Running = d.Running, Rebuilt = d.Rebuilt }));
        return report;
    }

    public override async Task<TotalsSnapshot> GetTotals(GetTotalsRequest request, ServerCallContext context)
    {
        var region = Caller.From(context).RegionToRead(request.RegionCode, "read the totals");
        return Snapshot(region, await store.GetAsync(Scopes.Of(region), context.CancellationToken));
    }

    public override async Task<Breakdown> GetBreakdown(GetBreakdownRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        var violations = new Violations().Defined("by", request.By);
        var month = request.Month.Length == 0 ? null : request.Month;
        if (month is not null)
        {
            violations.Require(Months.TryParse(month, out _), "month", Reasons.NotAMonth, "must be a month YYYY-MM", ("got", Problem.Shown(month)));
            violations.Require(request.By != BreakdownBy.Month, "month", Reasons.NotApplicable, "goes with a breakdown by BANK, REGION or INDUSTRY",
                ("when", "by=BANK,REGION,INDUSTRY"));
        }

        violations.ThrowIfAny();
        var region = caller.RegionToRead(request.RegionCode, "read the totals");
        var by = ProtoEnums.ToDomain<Dimension>(request.By);
        var rows = month is null
            ? await store.BreakdownAsync(region, by, context.CancellationToken)
            : await store.InMonthAsync(region, by, month, context.CancellationToken);
        if (by == Dimension.Month)
        {
            rows = Months.WithBalances(rows);
        }

        // A bank's row is labelled with its name in the registry, as a reader knows it.
        var bankName = by == Dimension.Bank ? await bankNames.ForAsync(rows.Select(r => r.Key), ForwardedCredentials.From(context), context.CancellationToken) : null;
        var breakdown = new Breakdown();
        breakdown.Rows.AddRange(rows.Select(r => Row(r.Key, bankName?.Invoke(r.Key) ?? Label(by, r.Key), r.Figures)));
        return breakdown;
    }

    // A snapshot at once, then one each time a figure changes, until the caller goes away.
    public override async Task WatchTotals(GetTotalsRequest request, IServerStreamWriter<TotalsSnapshot> responseStream, ServerCallContext context)
    {
        var caller = Caller.From(context);
        var region = caller.RegionToRead(request.RegionCode, "watch the totals");
        using var slot = watches.TryTake(caller.Subject, options.Value.MaxWatchesPerSubject)
            ?? throw new RpcException(new Status(StatusCode.ResourceExhausted,
                $"{caller.Subject} already watches the totals in {options.Value.MaxWatchesPerSubject} streams; close one first."));

        // A stream lasts no longer than the token that opened it (token lifetimes keep the real clock).
        using var expiry = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        if (TokenExpiry(context) is { } expires)
        {
            expiry.CancelAfter(TimeSpan.FromTicks(Math.Max(0, (expires - TimeProvider.System.GetUtcNow()).Ticks)));
        }

        Figures? last = null;
        using var timer = new PeriodicTimer(options.Value.WatchInterval, time);
        try
        {
            do
            {
                var figures = await store.GetAsync(Scopes.Of(region), expiry.Token);
                if (figures != last)
                {
                    await responseStream.WriteAsync(Snapshot(region, figures), expiry.Token);
                    last = figures;
                }
            }
            while (await timer.WaitForNextTickAsync(expiry.Token));
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            // The watcher left.
        }
        catch (OperationCanceledException) when (expiry.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "The token that opened this stream has expired; watch again with a new one."));
        }
    }

    private static DateTimeOffset? TokenExpiry(ServerCallContext context) =>
        long.TryParse(context.GetHttpContext().User.FindFirst("exp")?.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    private TotalsSnapshot Snapshot(string region, Figures f) => new()
    {
        RegionCode = region,
        AsOf = time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        MatchedDeals = f.MatchedDeals,
        CreditGrantedFen = f.CreditGrantedFen,
        EnterprisesServed = f.EnterprisesServed,
        Applications = f.Applications,
        Rejected = f.Rejected,
        SubsidyClaimsPaid = f.SubsidyClaimsPaid,
        SubsidyPaidFen = f.SubsidyPaidFen,
        SubsidisedPrincipalFen = f.SubsidisedPrincipalFen,
        Loans = LoansOf(f),
        EnterprisesRegistered = f.EnterprisesRegistered,
    };

    // Industry sections by the standard's names; banks, districts and months by their keys.
    private static string Label(Dimension by, string key) =>
        by == Dimension.Industry && key.Length == 1 ? $"{key} {IndustryCode.SectionName(key[0])}" : key;

    private static BreakdownRow Row(string key, string label, Figures f) => new()
    {
        Key = key,
        Label = label,
        MatchedDeals = f.MatchedDeals,
        CreditGrantedFen = f.CreditGrantedFen,
        EnterprisesServed = f.EnterprisesServed,
        Applications = f.Applications,
        Rejected = f.Rejected,
        SubsidyClaimsPaid = f.SubsidyClaimsPaid,
        SubsidyPaidFen = f.SubsidyPaidFen,
        SubsidisedPrincipalFen = f.SubsidisedPrincipalFen,
        Loans = LoansOf(f),
        EnterprisesRegistered = f.EnterprisesRegistered,
    };

    internal static LoanFigures LoansOf(Figures f)
    {
        var loans = new LoanFigures
        {
            LoansDisbursed = f.LoansDisbursed,
            DisbursedFen = f.DisbursedFen,
            CreditLoanDisbursedFen = f.CreditLoanDisbursedFen,
            FirstLoanFirms = f.FirstLoanFirms,
            FirstLoanFen = f.FirstLoanFen,
            BalanceFen = f.LoanBalanceFen,
            InclusiveBalanceFen = f.InclusiveBalanceFen,
            CreditLoanBalanceFen = f.CreditLoanBalanceFen,
            OverdueBalanceFen = f.OverdueBalanceFen,
            RepaidPrincipalFen = f.RepaidPrincipalFen,
            RepaidInterestFen = f.RepaidInterestFen,
            Renewals = f.Renewals,
            RenewedFen = f.RenewedFen,
            NoRepaymentRenewals = f.NoRepaymentRenewals,
            NoRepaymentRenewedFen = f.NoRepaymentRenewedFen,
            WrittenOffFen = f.WrittenOffFen,
        };
        if (Months.Bp(f.OverdueBalanceFen, f.LoanBalanceFen) is { } overdue)
        {
            loans.OverdueRatioBp = overdue;
        }

        if (Months.Bp(f.CreditLoanBalanceFen, f.LoanBalanceFen) is { } credit)
        {
            loans.CreditLoanShareBp = credit;
        }

        return loans;
    }

    // A value the caller sent, as a violation repeats it: at most 40 characters, so that an error stays small.
}
