using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using static FinanceMarket.Domain.Dates;

namespace FinanceMarket.Replay;

// The loans the replay's banks keep after their approvals: each paid out, given a monthly plan (equal
// instalments for the tax-based loans, equal principal for the mortgages), and then, month by month on the
// demo clock, repaid as its planned life says. What the ledgers end up holding is read back at the end
// (LoanCheck), so the replay need not foresee each line the platform adds (a missed instalment found by
// the daily check, the cure, the settlement).
internal sealed class LoanBook(PlatformApi api, Action<string> problem)
{
    private readonly ConcurrentDictionary<string, Loan> _open = new(StringComparer.Ordinal);

    public int Open => _open.Count;

    private sealed class Loan(string bank, string loanId, PlannedApplication application, bool renewal)
    {
        public string Bank { get; } = bank;

        public string LoanId { get; } = loanId;

        public PlannedApplication Application { get; } = application;

        public bool Renewal { get; } = renewal;

        // The loan as the last answer had it: its plan's instalments, the balance and its latest entry's day.
        public List<(int Number, DateOnly DueOn, long PrincipalFen, long InterestFen)> Plan { get; set; } = [];

        public int Paid { get; set; }

        public long BalanceFen { get; set; }

        public DateOnly Latest { get; set; }

        public void Read(JsonObject loan)
        {
            BalanceFen = PlatformApi.Number(loan["balanceFen"]);
            Latest = loan["entries"]?.AsArray().Select(e => Parse((string)e!["on"]!)).DefaultIfEmpty(Latest).Max() ?? Latest;
            var instalments = loan["schedule"]?["instalments"]?.AsArray();
            if (instalments is not null)
            {
                Plan = [.. instalments.Select(i => ((int)PlatformApi.Number(i!["number"]), Parse((string)i["dueOn"]!), PlatformApi.Number(i["principalFen"]), PlatformApi.Number(i["interestFen"])))];
            }
        }
    }

    // The plan of a loan just paid out: monthly from its contract day, over its term.
    public async Task PlanAsync(string bank, string loanId, PlannedApplication application, DateOnly contractDate, CancellationToken ct)
    {
        var loan = new Loan(bank, loanId, application, renewal: false);
        await ScheduleAsync(loan, application.Mortgage ? "EQUAL_PRINCIPAL" : "EQUAL_INSTALMENT", application.TermMonths, contractDate, ct);
        _open[loanId] = loan;
    }

    // Every instalment due by today, on its due day, as each loan's life says.
    public async Task RepayDueAsync(DateOnly today, Func<IEnumerable<string>, Func<string, CancellationToken, Task>, CancellationToken, Task> forEach, CancellationToken ct) =>
        await forEach([.. _open.Keys], (loanId, c) => _open.TryGetValue(loanId, out var loan) ? RepayAsync(loan, today, c) : Task.CompletedTask, ct);

    private async Task RepayAsync(Loan loan, DateOnly today, CancellationToken ct)
    {
        var life = loan.Renewal ? LoanLife.OnSchedule : loan.Application.Life;
        var missed = new List<(int Number, DateOnly DueOn, long PrincipalFen, long InterestFen)>();
        while (loan.Paid < loan.Plan.Count && loan.Plan[loan.Paid].DueOn <= today && loan.BalanceFen > 0)
        {
            var instalment = loan.Plan[loan.Paid];
            loan.Paid++;
            if (life == LoanLife.Renewed && instalment.Number == 6)
            {
                await RenewAsync(loan, instalment, ct);
                return;
            }

            if (life == LoanLife.MissesOne && instalment.Number == 2)
            {
                // Not paid on its day: the loan falls overdue and the instalment is paid with the next one.
                missed.Add(instalment);
                continue;
            }

            var principal = instalment.PrincipalFen + missed.Sum(m => m.PrincipalFen);
            var interest = instalment.InterestFen + missed.Sum(m => m.InterestFen);
            missed.Clear();
            if (life == LoanLife.RepaysEarly && instalment.Number == 4)
            {
                // Beside the 4th instalment, 30 % of what would be left, in whole 元.
                principal += (loan.BalanceFen - principal) * 3 / 10 / 100 * 100;
            }

            await RepayAsync(loan, instalment.DueOn, Math.Min(principal, loan.BalanceFen), interest, ct);
        }

        // A missed instalment whose next is not due yet stays missed until that turn.
        loan.Paid -= missed.Count;
        if (loan.BalanceFen == 0)
        {
            _open.TryRemove(loan.LoanId, out _);
        }
    }

    private async Task RepayAsync(Loan loan, DateOnly dueOn, long principalFen, long interestFen, CancellationToken ct)
    {
        // On its due day, or, where the daily check already recorded the miss after it, on that entry's day.
        var on = dueOn < loan.Latest ? loan.Latest : dueOn;
        var answer = await api.SendAsync(HttpMethod.Post, $"/api/v1/loans/{loan.LoanId}/repayments", loan.Bank,
            new { on = Day(on), principalFen, interestFen }, ct, badRequestIsFine: true);
        if (answer is null)
        {
            // Refused: the ledger moved on meanwhile (the daily check's line): read it and pay on its latest day.
            loan.Read(await api.GetAsync($"/api/v1/loans/{loan.LoanId}", loan.Bank, ct));
            answer = await api.PostAsync($"/api/v1/loans/{loan.LoanId}/repayments", loan.Bank,
                new { on = Day(on < loan.Latest ? loan.Latest : on), principalFen = Math.Min(principalFen, loan.BalanceFen), interestFen }, ct);
        }

        loan.Read(answer);
    }

    // Renewed without repayment on the 6th instalment's day, for a year at the same rate; the new loan takes
    // the balance over and is kept from then on, on equal principal.
    private async Task RenewAsync(Loan loan, (int Number, DateOnly DueOn, long PrincipalFen, long InterestFen) instalment, CancellationToken ct)
    {
        var renewed = await TryRenewAsync(loan, instalment.DueOn, ct);
        if (renewed is null)
        {
            // Refused: the daily check found the instalment missed before the bank came to renew (the platform's
            // clock ran ahead of the replay's day). As the platform asks, the overdue instalment is paid first,
            // then the loan is renewed on the ledger's latest day; where that was its last instalment, the loan
            // is settled and there is nothing left to renew.
            loan.Read(await api.GetAsync($"/api/v1/loans/{loan.LoanId}", loan.Bank, ct));
            await RepayAsync(loan, instalment.DueOn, Math.Min(instalment.PrincipalFen, loan.BalanceFen), instalment.InterestFen, ct);
            if (loan.BalanceFen == 0)
            {
                _open.TryRemove(loan.LoanId, out _);
                return;
            }

            renewed = await api.PostAsync($"/api/v1/loans/{loan.LoanId}:renew", loan.Bank, RenewalOf(loan, loan.Latest), ct);
        }

        _open.TryRemove(loan.LoanId, out _);
        var renewal = new Loan(loan.Bank, (string)renewed["renewal"]!["loanId"]!, loan.Application, renewal: true);
        renewal.Read(renewed["renewal"]!.AsObject());
        await ScheduleAsync(renewal, "EQUAL_PRINCIPAL", 12, renewal.Latest, ct);
        _open[renewal.LoanId] = renewal;
    }

    private async Task<JsonObject?> TryRenewAsync(Loan loan, DateOnly on, CancellationToken ct) =>
        await api.SendAsync(HttpMethod.Post, $"/api/v1/loans/{loan.LoanId}:renew", loan.Bank, RenewalOf(loan, on), ct, badRequestIsFine: true);

    private static object RenewalOf(Loan loan, DateOnly on) =>
        new { on = Day(on < loan.Latest ? loan.Latest : on), newTermMonths = 12, renewalKind = "NO_REPAYMENT_RENEWAL", rateBp = loan.Application.RateBp };

    private async Task ScheduleAsync(Loan loan, string kind, int termMonths, DateOnly startOn, CancellationToken ct)
    {
        var answer = await api.SendAsync(HttpMethod.Put, $"/api/v1/loans/{loan.LoanId}/schedule", loan.Bank,
            new { kind, termMonths, startOn = Day(startOn) }, ct);
        if (answer is null)
        {
            problem($"loan {loan.LoanId}: its plan could not be set (404)");
            return;
        }

        loan.Read(answer);
    }

    private static DateOnly Parse(string day) => DateOnly.ParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
