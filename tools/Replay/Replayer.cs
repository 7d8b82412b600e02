using static FinanceMarket.Domain.Dates;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using FinanceMarket.Domain;
using FinanceMarket.Terminal;

namespace FinanceMarket.Replay;

// Drives a district's year through the public API, month by month on the demo clock: registrations,
// needs, applications, the banks' decisions, each approved loan paid out and repaid by its plan (a few
// missed, repaid early or renewed), subsidy claims and their payment; then reads the totals and compares
// them, for the district and by bank and month, with what it sent, the loans' figures and every month's
// report with the loan ledgers.
public sealed class Replayer(PlatformApi api, DistrictPlan plan, ReplayOptions options, IProgress<ProgressReport>? progress = null)
{
    private readonly Ledger _ledger = new();
    private readonly ConcurrentBag<string> _problems = [];
    private readonly ConcurrentQueue<Deal> _subsidised = new();
    private readonly ConcurrentQueue<(string Bank, PlannedApplication Application, string ApplicationId, string LoanId, DateOnly On)> _toDisburse = new();
    private readonly ConcurrentDictionary<string, bool> _paidOut = new();
    private readonly Dictionary<string, (string TaxBased, string Mortgage)> _products = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _programmes = new(StringComparer.Ordinal);
    private long _done;
    private long _total;
    private string _stage = "";
    private string _official = "";
    private string _payer = "";
    private string _province = "";
    private string _provider = "";
    private DateOnly _start;
    private LoanBook? _book;

    private LoanBook Loans => _book ??= new LoanBook(api, _problems.Add);

    private sealed record Deal(PlannedApplication Application, string ApplicationId, DateOnly ContractDate)
    {
        public DateOnly PeriodEnd => ContractDate.AddMonths(1);
    }

    public async Task<ReplayReport> RunAsync(CancellationToken ct = default)
    {
        var watch = Stopwatch.StartNew();
        var start = _start = await TodayAsync(ct);
        _total = plan.Banks.Count * 3 + plan.Programmes.Count + plan.Enterprises.Count + (plan.Applications.Count * 2)
            + (plan.Applications.Count(a => a.Programme is not null) * 2) + (DistrictPlan.Months * 2) + 1;
        _official = await api.TokenAsync("official", "replay-official-" + plan.RegionCode, plan.RegionCode, ct);
        _payer = await api.TokenAsync("official", "replay-payer-" + plan.RegionCode, plan.RegionCode, ct);
        // Banks are national: the province's official creates them.
        _province = await api.TokenAsync("official", "replay-province-" + plan.RegionCode[..2], plan.RegionCode[..2], ct);
        // The district's tax and social insurance data come from a provider's system.
        _provider = await api.TokenAsync("provider", "replay-data-" + plan.RegionCode, plan.RegionCode, ct);
        var totals = new TotalsCheck(api, plan.RegionCode, _official, start, start.AddMonths(DistrictPlan.Months));
        var baseline = await totals.ReadAsync(ct);
        var registeredBefore = await totals.RegisteredAsync(ct);

        await SetUpAsync(start, ct);
        for (var month = 0; month < DistrictPlan.Months; month++)
        {
            var today = month == 0 ? start : await MoveClockAsync(start.AddMonths(month), ct);
            Report($"month {month + 1}/{DistrictPlan.Months} ({today:yyyy-MM}): registrations");
            await ForEachAsync(plan.Enterprises.Where(e => e.Month == month), (e, c) => RegisterAsync(e, c), ct);
            Report($"month {month + 1}/{DistrictPlan.Months} ({today:yyyy-MM}): credit data");
            await ImportCreditDataAsync(month, today, ct);
            Report($"month {month + 1}/{DistrictPlan.Months} ({today:yyyy-MM}): needs, applications and decisions");
            await ForEachAsync(plan.Applications.Where(a => a.Enterprise.Month == month), (a, c) => ApplyAsync(a, c), ct);
            Report($"month {month + 1}/{DistrictPlan.Months} ({today:yyyy-MM}): disbursements and repayments");
            await DisburseApprovedAsync(wait: false, ct);
            await Loans.RepayDueAsync(today, ForEachAsync, ct);
            await ClaimDueAsync(today, ct);
        }

        // A month on, every loan's first month of interest has accrued and every silent bank's deadline passed.
        var end = await MoveClockAsync(start.AddMonths(DistrictPlan.Months), ct);
        await DisburseApprovedAsync(wait: true, ct);
        await Loans.RepayDueAsync(end, ForEachAsync, ct);
        await ClaimDueAsync(end, ct);

        if (options.BeforeChecks is { } beforeChecks)
        {
            Report("the last faults of the schedule");
            await beforeChecks(ct);
        }

        // The loans are held against their ledgers up to the platform's date, which may be past the year's end:
        // a fault may have stepped the clock, or the real day turned.
        end = await TodayAsync(ct);

        Report("waiting for the totals to catch up");
        var checks = (await totals.SettleAsync(_ledger.Snapshot(), baseline, options.SettleTimeout ?? TimeSpan.FromMinutes(3), ct)).ToList();
        checks.Add(await totals.RegisteredAsync(plan.Enterprises.Count, registeredBefore, options.SettleTimeout ?? TimeSpan.FromMinutes(3), ct));
        Report("the loans' figures and the monthly reports against the loan ledgers");
        var (loanChecks, _) = await new LoanCheck(api, plan.RegionCode, _official).RunAsync(start, end, options.SettleTimeout ?? TimeSpan.FromMinutes(3), ct);
        checks.AddRange(loanChecks);
        Interlocked.Increment(ref _done);
        Report("done");
        return new ReplayReport(start, end, watch.Elapsed, api.Requests, plan.Enterprises.Count, plan.Applications.Count, checks, [.. _problems]);
    }

    private async Task SetUpAsync(DateOnly start, CancellationToken ct)
    {
        Report("banks, products and subsidy programmes");
        foreach (var bank in plan.Banks)
        {
            // A bank already on the shelf (an earlier replay) is the same bank: its new products join the old.
            await api.SendAsync(HttpMethod.Post, "/api/v1/banks", _province, new { bankId = bank.BankId, name = bank.Name }, ct, conflictIsFine: true);
            var token = await api.TokenAsync("bank", bank.BankId, ct: ct);
            var taxBased = await api.PostAsync($"/api/v1/banks/{bank.BankId}/products", token, ReplayRequests.Product(bank, plan.RegionCode, mortgage: false), ct);
            var mortgage = await api.PostAsync($"/api/v1/banks/{bank.BankId}/products", token, ReplayRequests.Product(bank, plan.RegionCode, mortgage: true), ct);
            _products[bank.BankId] = ((string)taxBased["productId"]!, (string)mortgage["productId"]!);
            Interlocked.Add(ref _done, 3);
        }

        foreach (var programme in plan.Programmes)
        {
            var created = await api.PostAsync("/api/v1/subsidy-programs", _official, ReplayRequests.Programme(programme, start), ct);
            _programmes[programme.Key] = (string)created["programId"]!;
            Interlocked.Increment(ref _done);
        }
    }

    private async Task RegisterAsync(PlannedEnterprise e, CancellationToken ct)
    {
        var body = ReplayRequests.Enterprise(e, plan.RegionCode, _start);
        var registered = await api.SendAsync(HttpMethod.Post, "/api/v1/enterprises", _official, body, ct, conflictIsFine: true);
        if (registered?["uscc"] is null)
        {
            throw new ReplayException($"{e.Uscc} is already registered: this seed was replayed on this platform before; use another --seed or a fresh data folder");
        }

        Interlocked.Increment(ref _done);
    }

    // The month's new enterprises' tax (last year's, rated as they declared, 3 % of revenue paid) and social
    // insurance (last month's, as many insured as they declared staff): verified values equal to the declared
    // ones, so that every match is made on verified data and the plan's deals stay exactly as drawn.
    private async Task ImportCreditDataAsync(int month, DateOnly today, CancellationToken ct)
    {
        var enterprises = plan.Enterprises.Where(e => e.Month == month).ToList();
        foreach (var chunk in enterprises.Chunk(ReplayRequests.MaxImportRecords))
        {
            var first = chunk[0].Uscc;
            await api.PostAsync("/api/v1/credit-data/imports", _provider, ReplayRequests.TaxRecords(chunk, $"replay-tax-{first}", today.Year - 1), ct);
            await api.PostAsync("/api/v1/credit-data/imports", _provider,
                ReplayRequests.InsuranceRecords(chunk, $"replay-si-{first}", today.AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture)), ct);
        }

        Interlocked.Add(ref _done, 2);
    }

    private async Task ApplyAsync(PlannedApplication a, CancellationToken ct)
    {
        var enterprise = await api.TokenAsync("enterprise", a.Enterprise.Uscc, ct: ct);
        var products = _products[a.BankId];
        var productId = a.Mortgage ? products.Mortgage : products.TaxBased;
        var needId = await NeedMatchingAsync(enterprise, a, productId, ct);
        var bank = await api.TokenAsync("bank", a.BankId, ct: ct);
        JsonObject submitted;
        if (a.Broadcast)
        {
            // Sent to every bank with a fitting product, and taken by this one (the only taker it asks for).
            await api.PostAsync($"/api/v1/financing-needs/{needId}:broadcast", enterprise, new { consentToCreditQuery = true, maxTakers = 1 }, ct);
            submitted = await api.PostAsync($"/api/v1/financing-needs/{needId}:take", bank, new { bankId = a.BankId, productId }, ct);
            _ledger.Card(a.BankId, "needsTaken");
        }
        else
        {
            submitted = await api.PostAsync("/api/v1/applications", enterprise, new { needId, productId, consentToCreditQuery = true }, ct);
        }

        var applicationId = (string)submitted["applicationId"]!;
        // Dated as the platform dated it: the real day may turn while the replay works through a month.
        var submittedOn = DayOf(submitted["submittedAt"]);
        _ledger.Submitted(a.BankId, submittedOn);
        Interlocked.Increment(ref _done);

        if (a.Contact)
        {
            await api.PostAsync($"/api/v1/applications/{applicationId}:contact", bank, new { channel = "PHONE", note = "Called the owner about the documents" }, ct);
            _ledger.Card(a.BankId, "contacted");
        }

        switch (a.Outcome)
        {
            case Outcome.Approved:
                var approved = await api.PostAsync($"/api/v1/applications/{applicationId}:approve", bank,
                    new { grantedAmountFen = a.AmountFen, annualRateBp = a.RateBp, termMonths = a.TermMonths, contractDate = Day(submittedOn) }, ct);
                _toDisburse.Enqueue((bank, a, applicationId, (string)approved["loanId"]!, submittedOn));
                _ledger.Approved(a.BankId, submittedOn, a.Enterprise.Uscc, a.AmountFen);
                if (a.Programme is not null)
                {
                    _subsidised.Enqueue(new Deal(a, applicationId, submittedOn));
                }

                break;
            case Outcome.Rejected:
                var rejected = await api.PostAsync($"/api/v1/applications/{applicationId}:reject", bank,
                    new { code = a.RejectionCode, reason = "Cash flow does not cover the repayments at the amount asked; a smaller amount or a guarantee would." }, ct);
                _ledger.Rejected(a.BankId, DayOf(rejected["decidedAt"]));
                if (a.Refer)
                {
                    await ReferAsync(enterprise, a.BankId, applicationId, ct);
                }

                break;
            case Outcome.Expired:
                // The bank stays silent: the application expires once its decide-by date has passed, and with it
                // the two steps of the promise it never kept (contact, decision) are missed.
                _ledger.Card(a.BankId, "expired");
                _ledger.Card(a.BankId, "overdueSteps", 2);
                break;
        }

        Interlocked.Increment(ref _done);
    }

    // Each approved loan is paid out in full on its contract day (interest, and so a subsidy, accrues on what
    // was paid out) and given its monthly plan. The approval opens the loan by its event; a loan not open yet (its event held up behind a
    // subscriber that is down, a fault the replay injects) is paid out at a later month's turn, dated on its
    // contract day all the same, and its subsidy claimed after that. At the end the replay waits for the last.
    private async Task DisburseApprovedAsync(bool wait, CancellationToken ct)
    {
        var approved = new List<(string Bank, PlannedApplication Application, string ApplicationId, string LoanId, DateOnly On)>();
        while (_toDisburse.TryDequeue(out var loan))
        {
            approved.Add(loan);
        }

        await ForEachAsync(approved, async (loan, c) =>
        {
            for (var waited = TimeSpan.Zero; ; waited += TimeSpan.FromMilliseconds(100))
            {
                if (await api.SendAsync(HttpMethod.Post, $"/api/v1/loans/{loan.LoanId}/disbursements", loan.Bank, new { on = Day(loan.On), amountFen = loan.Application.AmountFen }, c) is not null)
                {
                    await Loans.PlanAsync(loan.Bank, loan.LoanId, loan.Application, loan.On, c);
                    _paidOut[loan.ApplicationId] = true;
                    return;
                }

                if (!wait)
                {
                    _toDisburse.Enqueue(loan);
                    return;
                }

                if (waited > TimeSpan.FromMinutes(2))
                {
                    throw new ReplayException($"Loan {loan.LoanId} was not opened by its approval within 2 minutes.");
                }

                await Task.Delay(100, c);
            }
        }, ct);
    }

    // The declined need goes to the other fitting banks; in this year none takes it, so once its take-by day
    // has passed it is an untaken broadcast. A district where no other bank's product fits answers 400.
    private async Task ReferAsync(string enterprise, string bankId, string applicationId, CancellationToken ct)
    {
        var referred = await api.SendAsync(HttpMethod.Post, $"/api/v1/applications/{applicationId}:refer", enterprise, new { maxTakers = 1 }, ct, badRequestIsFine: true);
        if (referred?["needId"] is not null)
        {
            _ledger.Card(bankId, "referredOnward");
            _ledger.Card(null, "untakenBroadcasts");
        }
    }

    // A new product reaches matching by its event: until it has, the need is matched without it; ask again.
    // The need's answer holds its best matches only, so the product is asked about against the need.
    private async Task<string> NeedMatchingAsync(string enterprise, PlannedApplication a, string productId, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var need = await api.PostAsync("/api/v1/financing-needs", enterprise,
                new { uscc = a.Enterprise.Uscc, amountFen = a.AmountFen, termMonths = a.TermMonths, purpose = "Working capital", collateralAvailable = a.Mortgage }, ct);
            var needId = (string)need["needId"]!;
            var product = await api.GetAsync($"/api/v1/financing-needs/{needId}/products/{productId}", enterprise, ct);
            if ((bool?)product["onShelf"] == true && (bool?)product["matched"] == true)
            {
                // The district's credit data was imported before its needs: the rating the product asks for was met
                // on verified data, and the reasons say so.
                if (!(product["details"]?.AsArray() ?? []).Any(d => (string?)d?["code"] == "VERIFIED_DATA" && (string?)d?["verified"]?["rule"] == "TAX_RATING"))
                {
                    _problems.Add($"{a.Enterprise.Uscc} matched product {productId} on its declared rating, not on its tax data: {product["reasons"]?.ToJsonString()}");
                }

                return needId;
            }

            if (DateTime.UtcNow > deadline)
            {
                var why = (bool?)product["onShelf"] == true ? product["reasons"]?.ToJsonString() : "not on the shelf";
                throw new ReplayException($"{a.Enterprise.Uscc} does not match product {productId} of {a.BankId}: {why}");
            }

            await Task.Delay(250, ct);
        }
    }

    // Each subsidised loan claims its first month of interest once that month has passed; an official
    // approves and pays. The amount must be the docs/domain.md formula to the fen.
    private async Task ClaimDueAsync(DateOnly today, CancellationToken ct)
    {
        var due = new List<Deal>();
        var later = new List<Deal>();
        while (_subsidised.TryDequeue(out var deal))
        {
            (deal.PeriodEnd <= today && _paidOut.ContainsKey(deal.ApplicationId) ? due : later).Add(deal);
        }

        later.ForEach(_subsidised.Enqueue);
        if (due.Count == 0)
        {
            return;
        }

        Report($"{today:yyyy-MM}: subsidy claims");
        await ForEachAsync(due, ClaimAsync, ct);
    }

    private async Task ClaimAsync(Deal deal, CancellationToken ct)
    {
        var a = deal.Application;
        var programId = _programmes[a.Programme!.Key];
        var bank = await api.TokenAsync("bank", a.BankId, ct: ct);
        var claim = await api.PostAsync("/api/v1/subsidy-claims", bank,
            new { programId, deal.ApplicationId, periodStart = Day(deal.ContractDate), periodEnd = Day(deal.PeriodEnd) }, ct);
        var claimId = (string)claim["claimId"]!;
        var amount = PlatformApi.Number(claim["amountFen"]);
        var principal = Math.Min(a.AmountFen, a.Programme.MaxPrincipalFen);
        var expected = SubsidyFen(principal, Math.Min(a.Programme.RateBp, a.RateBp), deal.PeriodEnd.DayNumber - deal.ContractDate.DayNumber);
        if (amount != expected)
        {
            _problems.Add($"claim {claimId} for {deal.ApplicationId}: {amount} fen, the formula gives {expected}");
        }

        Interlocked.Increment(ref _done);
        await api.PostAsync($"/api/v1/subsidy-claims/{claimId}:approve", _official, new { }, ct);
        // The official who approved a claim cannot pay it: a second official of the district pays.
        var paid = await api.PostAsync($"/api/v1/subsidy-claims/{claimId}:pay", _payer, new { }, ct);
        _ledger.Paid(a.BankId, DayOf(paid["paidAt"]), amount, programId, deal.ApplicationId, principal);
        Interlocked.Increment(ref _done);
    }

    // principal × rate × days / 365, rounded half up to the fen once (docs/domain.md).
    public static long SubsidyFen(long principalFen, int rateBp, int days)
    {
        var numerator = (Int128)principalFen * rateBp * days;
        var denominator = (Int128)10_000 * 365;
        return (long)((numerator * 2 + denominator) / (denominator * 2));
    }

    private async Task<DateOnly> TodayAsync(CancellationToken ct)
    {
        var clock = await api.SendAsync(HttpMethod.Get, "/api/v1/dev/clock", null, null, ct)
            ?? throw new ReplayException("the platform has no demo clock (GET /api/v1/dev/clock is 404): a year is replayed on `./run.sh --demo`, which starts one");
        return DateOnly.ParseExact((string)clock["today"]!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    private async Task<DateOnly> MoveClockAsync(DateOnly to, CancellationToken ct)
    {
        // The demo clock moves only for an official or the operator.
        await api.SendAsync(HttpMethod.Put, "/api/v1/dev/clock", _official, new { today = Day(to) }, ct);
        return to;
    }

    private async Task ForEachAsync<T>(IEnumerable<T> items, Func<T, CancellationToken, Task> body, CancellationToken ct) =>
        await Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = ct },
            async (item, c) =>
            {
                await body(item, c);
                Report(_stage);
            });

    private void Report(string stage)
    {
        _stage = stage;
        progress?.Report(new ProgressReport(stage, Interlocked.Read(ref _done), _total));
    }


    // The Asia/Shanghai date of an instant the platform answered with, as its events carry it.
    private static DateOnly DayOf(JsonNode? instant) =>
        ChinaTime.DateOf(DateTimeOffset.Parse((string?)instant ?? throw new ReplayException("an answer without its date"), CultureInfo.InvariantCulture));
}
