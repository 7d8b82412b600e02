using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using FinanceMarket.FunctionalTests.Matching;
using FinanceMarket.FunctionalTests.Subsidies;
using FinanceMarket.FunctionalTests.Totals;
using FinanceMarket.Loans.Infrastructure;
using FinanceMarket.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FinanceMarket.FunctionalTests.Loans;

// The whole life of a loan as the issue names it, in a district of its own: approved, paid out in two
// tranches, repaid early in the middle of a claimed period, the claim computed on the balance (the domain's
// worked example to the fen) and paid, renewed without repayment, the renewal overdue, then settled. At the
// end the district's totals and every month's report, opened as xlsx, equal what the ledgers say.
public sealed class LoanJourneyTests(Platform platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_loan_from_approval_to_settlement_leaves_totals_and_monthly_reports_equal_to_its_ledger()
    {
        var region = TestData.FreshRegion();
        using var scenario = await MatchingScenario.CreateAsync(platform, Api.ProductFor(region), region: region);
        using var official = platform.Rest(await platform.OfficialAsync(region));
        using var payer = platform.Rest(await platform.OfficialAsync(region));
        var bank = scenario.Bank;
        var (applicationId, loanId) = await LoanSteps.ApproveTodayAsync(scenario);
        var (_, application) = await scenario.Enterprise.GetJsonAsync($"/api/v1/applications/{applicationId}");
        var c = DateOnly.Parse((string)application["deal"]!["contractDate"]!, CultureInfo.InvariantCulture);

        // Two tranches: 600,000 yuan on the contract day, 400,000 five days later.
        await LoanSteps.RecordAsync(bank, loanId, "disbursements", new { on = Day(c), amountFen = 60_000_000 });
        await LoanSteps.RecordAsync(bank, loanId, "disbursements", new { on = Day(c.AddDays(5)), amountFen = 40_000_000 });

        // The period from day 10 to day 100 (90 days) claimed at 100 bp, with 400,000 yuan repaid early on day 55:
        // 45 days on 1,000,000 yuan and 45 on 600,000, 197,260.27 fen rounded once to 197,260.
        await LoanSteps.RecordAsync(bank, loanId, "repayments", new { on = Day(c.AddDays(55)), principalFen = 40_000_000, interestFen = 1_000_000 });
        var programme = SubsidyScenario.Programme();
        var (created, programmeBody) = await official.SendJsonAsync("/api/v1/subsidy-programs", programme);
        Assert.True(created == HttpStatusCode.OK, programmeBody.ToJsonString());
        var (claimed, claim) = await scenario.Enterprise.SendJsonAsync("/api/v1/subsidy-claims", new
        {
            programId = (string)programmeBody["programId"]!, applicationId, periodStart = Day(c.AddDays(10)), periodEnd = Day(c.AddDays(100)),
        });
        Assert.True(claimed == HttpStatusCode.OK, claim.ToJsonString());
        Assert.Equal(197_260L, (long)claim["amountFen"]!);
        Assert.Equal(["123287.67", "73972.60"], claim["segments"]!.AsArray().Select(s => (string)s!["amountFen"]!));
        var claimId = (string)claim["claimId"]!;
        Assert.Equal(HttpStatusCode.OK, (await official.SendJsonAsync($"/api/v1/subsidy-claims/{claimId}:approve", new { })).Status);
        var (paidStatus, paid) = await payer.SendJsonAsync($"/api/v1/subsidy-claims/{claimId}:pay", new { });
        Assert.True(paidStatus == HttpStatusCode.OK, paid.ToJsonString());

        // Renewed without repayment on day 100: a new loan takes the 600,000 over; its plan falls due, nothing is
        // paid, the daily check marks it overdue; then it is repaid in full and settles.
        var (renewedStatus, renewed) = await bank.SendJsonAsync($"/api/v1/loans/{loanId}:renew",
            new { on = Day(c.AddDays(100)), newTermMonths = 12, renewalKind = "NO_REPAYMENT_RENEWAL", rateBp = 380 });
        Assert.True(renewedStatus == HttpStatusCode.OK, renewed.ToJsonString());
        var renewalId = (string)renewed["renewal"]!["loanId"]!;
        var (planned, plan) = await bank.SendJsonAsync($"/api/v1/loans/{renewalId}/schedule", new { kind = "EQUAL_PRINCIPAL", termMonths = 12 }, HttpMethod.Put);
        Assert.True(planned == HttpStatusCode.OK, plan.ToJsonString());
        await platform.Services["loans"].App.Services.GetRequiredService<OverdueCheck>().RunOnceAsync(Cancel);
        var (_, overdue) = await official.GetJsonAsync($"/api/v1/loans/{renewalId}");
        Assert.Equal("OVERDUE", (string)overdue["status"]!);
        var today = DateOnly.Parse((string)overdue["balanceOn"]!, CultureInfo.InvariantCulture);
        var settled = await LoanSteps.RecordAsync(bank, renewalId, "repayments", new { on = Day(today), principalFen = 60_000_000, interestFen = 2_000_000 });
        Assert.Equal("SETTLED", (string)settled["status"]!);

        // What the ledgers say, month by month.
        var loans = new List<JsonObject>();
        foreach (var id in new[] { loanId, renewalId })
        {
            var (_, loan) = await official.GetJsonAsync($"/api/v1/loans/{id}");
            loans.Add(loan);
        }

        var paidMonth = Month(Domain.ChinaTime.DateOf(DateTimeOffset.Parse((string)paid["paidAt"]!, CultureInfo.InvariantCulture)));
        var months = Enumerable.Range(0, 24).Select(i => new DateOnly(c.Year, c.Month, 1).AddMonths(i)).TakeWhile(m => m <= today).ToList();
        var expected = months.ToDictionary(Month, m => Ledger(loans, m));

        // The totals have every line (the last repayment is the last to arrive), then agree with the ledgers.
        var totals = await EventuallyAsync(official, $"/api/v1/totals?regionCode={region}",
            t => t["loans"] is { } figures && (long?)figures["repaidPrincipalFen"] == 100_000_000 && (long?)t["subsidyPaidFen"] == 197_260);
        var l = totals["loans"]!;
        Assert.Equal(
            (1L, 100_000_000L, 0L, 0L, 1L, 100_000_000L, 100_000_000L, 3_000_000L, 1L, 60_000_000L, 1L, 60_000_000L),
            ((long?)l["loansDisbursed"] ?? 0, (long?)l["disbursedFen"] ?? 0, (long?)l["balanceFen"] ?? 0, (long?)l["overdueBalanceFen"] ?? 0,
                (long?)l["firstLoanFirms"] ?? 0, (long?)l["firstLoanFen"] ?? 0, (long?)l["repaidPrincipalFen"] ?? 0, (long?)l["repaidInterestFen"] ?? 0,
                (long?)l["renewals"] ?? 0, (long?)l["renewedFen"] ?? 0, (long?)l["noRepaymentRenewals"] ?? 0, (long?)l["noRepaymentRenewedFen"] ?? 0));
        Assert.Equal((1L, 100_000_000L, 1L, 197_260L, 1L), ((long?)totals["matchedDeals"] ?? 0, (long?)totals["creditGrantedFen"] ?? 0,
            (long?)totals["subsidyClaimsPaid"] ?? 0, (long?)totals["subsidyPaidFen"] ?? 0, (long?)totals["enterprisesRegistered"] ?? 0));
        var (_, reconciled) = await official.SendJsonAsync("/api/v1/totals:reconcile", new { regionCode = region });
        Assert.Empty(reconciled["differences"]?.AsArray() ?? []);

        // Each month's report, opened as xlsx, holds the ledger's month: what was paid out, repaid and renewed
        // in it, and the balances and ratios at its end.
        var contractMonth = Month(c);
        foreach (var month in months.Select(Month))
        {
            using var workbook = await ReportFile.DownloadAsync(official, region, month);
            var report = ReportFile.ThisMonth(workbook);
            var ledger = expected[month];
            var wanted = new Dictionary<string, long?>
            {
                ["入驻企业数"] = 1,
                ["对接笔数"] = month == contractMonth ? 1 : 0,
                ["授信金额"] = month == contractMonth ? 100_000_000 : 0,
                ["放款金额"] = ledger.Disbursed,
                ["贷款余额"] = ledger.Balance,
                ["普惠小微贷款余额"] = ledger.Inclusive,
                ["首贷户数"] = ledger.FirstLoanFirms,
                ["首贷金额"] = ledger.FirstLoanFen,
                ["信用贷款占比"] = Bp(ledger.CreditBalance, ledger.Balance),
                ["续贷笔数"] = ledger.Renewals,
                ["续贷金额"] = ledger.RenewedFen,
                ["其中无还本续贷笔数"] = ledger.Renewals,
                ["其中无还本续贷金额"] = ledger.RenewedFen,
                ["贴息笔数"] = month == paidMonth ? 1 : 0,
                ["贴息金额"] = month == paidMonth ? 197_260 : 0,
                ["逾期率"] = Bp(ledger.Overdue, ledger.Balance),
            };
            foreach (var (name, value) in wanted)
            {
                Assert.True(report[name] == value, $"{month} {name}: ledger {value}, report {report[name]}");
            }
        }

        // Some month had the whole 1,000,000 outstanding, one the renewal overdue: the check above saw both.
        Assert.Contains(expected.Values, m => m.Balance == 100_000_000);
        Assert.Contains(expected.Values, m => m.Overdue == 60_000_000);
    }

    private sealed record MonthOfLedger(long Disbursed, long Balance, long Inclusive, long CreditBalance, long Overdue, long FirstLoanFirms, long FirstLoanFen, long Renewals, long RenewedFen);

    // The month starting on first, from the loans' own ledger lines and classes: flows dated in it, balances and
    // the overdue balance at its end (a loan is overdue from a missed payment until it is cured or ends).
    private static MonthOfLedger Ledger(IReadOnlyList<JsonObject> loans, DateOnly first)
    {
        var end = first.AddMonths(1).AddDays(-1);
        var (disbursed, balance, inclusive, credit, overdue, firms, firstFen, renewals, renewedFen) = (0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L);
        foreach (var loan in loans)
        {
            var entries = loan["entries"]!.AsArray().Select(e => (Kind: (string)e!["kind"]!, On: DateOnly.Parse((string)e["on"]!, CultureInfo.InvariantCulture),
                Principal: (long?)e["principalFen"] ?? 0)).ToList();
            bool Flag(string name) => (bool?)loan["class"]?[name] ?? false;
            var inMonth = entries.Where(e => e.On >= first && e.On <= end).ToList();
            disbursed += inMonth.Where(e => e.Kind == "DISBURSED").Sum(e => e.Principal);
            renewals += inMonth.Count(e => e.Kind == "TOOK_OVER");
            renewedFen += inMonth.Where(e => e.Kind == "TOOK_OVER").Sum(e => e.Principal);
            if (Flag("firstLoan"))
            {
                firstFen += inMonth.Where(e => e.Kind == "DISBURSED").Sum(e => e.Principal);
                firms += entries.First(e => e.Kind == "DISBURSED").On is var firstPaid && firstPaid >= first && firstPaid <= end ? 1 : 0;
            }

            var upToEnd = entries.Where(e => e.On <= end).ToList();
            var owed = upToEnd.Sum(e => e.Kind switch
            {
                "DISBURSED" or "TOOK_OVER" => e.Principal,
                "REPAID" or "RENEWED_INTO" or "WRITTEN_OFF" => -e.Principal,
                _ => 0,
            });
            balance += owed;
            inclusive += Flag("inclusiveSmallMicro") ? owed : 0;
            credit += Flag("creditLoan") ? owed : 0;
            var state = upToEnd.LastOrDefault(e => e.Kind is "BECAME_OVERDUE" or "CURED" or "SETTLED" or "WRITTEN_OFF" or "RENEWED_INTO").Kind;
            overdue += state == "BECAME_OVERDUE" ? owed : 0;
        }

        return new MonthOfLedger(disbursed, balance, inclusive, credit, overdue, firms, firstFen, renewals, renewedFen);
    }

    private static long? Bp(long part, long whole) => whole <= 0 ? null : (part * 20_000 + whole) / (2 * whole);

    private static async Task<JsonObject> EventuallyAsync(HttpClient http, string path, Func<JsonObject, bool> done)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(30); ; await Task.Delay(100, Cancel))
        {
            var (_, body) = await http.GetJsonAsync(path);
            if (done(body))
            {
                return body;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{path} never reached the ledger's figures: {body.ToJsonString()}");
        }
    }

    private static string Day(DateOnly day) => Domain.Dates.Day(day);

    private static string Month(DateOnly day) => day.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
