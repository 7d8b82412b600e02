using System.Net;
using System.Text.Json.Nodes;
using FinanceMarket.FunctionalTests.Matching;
using FinanceMarket.Loans.Infrastructure;
using FinanceMarket.TestInfrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FinanceMarket.FunctionalTests.Loans;

// A loan's life through the gateway as its bank records it: the approval opens it, two tranches, a plan, an
// instalment paid on its day, one missed and paid late, a renewal without repayment, the renewal falling
// overdue by the daily check and repaid in full. The loan ledger lives SubsidiesAhead in the future, so the
// bank can date a year of entries from the contract date matching allowed today.
public sealed class LoanLedgerTests(Platform platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_loan_from_its_approval_through_a_missed_instalment_and_a_renewal_to_its_end()
    {
        // 1,000,000 yuan at 3.45 % for 12 months, contracted today.
        var deal = await MatchingScenario.CreateAsync(platform);
        var applicationId = (string)(await deal.ApplyAsync())["applicationId"]!;
        var c = Domain.ChinaTime.Today(TimeProvider.System);
        var bank = deal.Bank;
        var (approvedStatus, approved) = await bank.SendJsonAsync($"/api/v1/applications/{applicationId}:approve", MatchingScenario.Approval(100_000_000, 345, 12, Day(c)));
        Assert.True(approvedStatus == HttpStatusCode.OK, approved.ToJsonString());
        using var official = platform.Rest(await platform.OfficialAsync("130903"));

        // The approved application names its loan, which the approval's event opened.
        var (_, application) = await deal.Enterprise.GetJsonAsync($"/api/v1/applications/{applicationId}");
        var loanId = (string)application["loanId"]!;
        Assert.Equal((Domain.LoanIds.ForApplication(applicationId), loanId), ((string)approved["loanId"]!, (string)application["loanId"]!));
        var loan = await WaitForLoanAsync(bank, loanId);
        Assert.Equal(("AWAITING_DISBURSEMENT", 100_000_000L, 0L), ((string)loan["status"]!, (long)loan["grantedFen"]!, (long)loan["balanceFen"]!));

        // Impossible moves, each refused by its field.
        await RefusedAsync(bank, $"/api/v1/loans/{loanId}/repayments", new { on = Day(c), principalFen = 1, interestFen = 0 }, "loanId");
        await RefusedAsync(bank, $"/api/v1/loans/{loanId}/disbursements", new { on = Day(c.AddDays(-1)), amountFen = 1 }, "on");
        await RefusedAsync(bank, $"/api/v1/loans/{loanId}/disbursements", new { on = Day(c), amountFen = 100_000_001 }, "amountFen");

        // Two tranches: 600,000 yuan on the contract day, 400,000 ten days later; not a fen more.
        await OkAsync(bank, $"/api/v1/loans/{loanId}/disbursements", new { on = Day(c), amountFen = 60_000_000 });
        await RefusedAsync(bank, $"/api/v1/loans/{loanId}/disbursements", new { on = Day(c.AddDays(10)), amountFen = 40_000_001 }, "amountFen");
        loan = await OkAsync(bank, $"/api/v1/loans/{loanId}/disbursements", new { on = Day(c.AddDays(10)), amountFen = 40_000_000 });
        Assert.Equal(("ACTIVE", 100_000_000L), ((string)loan["status"]!, (long)loan["balanceFen"]!));
        // The enterprise's first loan here, a tax-based product (no collateral), a small firm with 1 million yuan.
        Assert.Equal(("SMALL", true, true, true), ((string)loan["sizeClass"]!, (bool)loan["class"]!["firstLoan"]!, (bool)loan["class"]!["creditLoan"]!,
            (bool)loan["class"]!["inclusiveSmallMicro"]!));
        await RefusedAsync(bank, $"/api/v1/loans/{loanId}/repayments", new { on = Day(c.AddDays(9)), principalFen = 1, interestFen = 0 }, "on");

        // Equal principal over 12 months from the second tranche: 8,333,333 a month (the last 8,333,337).
        var start = c.AddDays(10);
        loan = await OkAsync(bank, $"/api/v1/loans/{loanId}/schedule", new { kind = "EQUAL_PRINCIPAL", termMonths = 12 }, HttpMethod.Put);
        var due = loan["schedule"]!["instalments"]!.AsArray().Select(i => (Day: DateOnly.Parse((string)i!["dueOn"]!), Principal: (long)i["principalFen"]!)).ToList();
        Assert.Equal((12, start.AddMonths(1), 8_333_333L, 8_333_337L), (due.Count, due[0].Day, due[0].Principal, due[^1].Principal));

        // The first instalment on its day; the second missed; on the third's day both the second and the third
        // are paid: the loan was overdue from the day after the second's due day until then.
        await OkAsync(bank, $"/api/v1/loans/{loanId}/repayments", new { on = Day(due[0].Day), principalFen = 8_333_333, interestFen = 362_500 });
        loan = await OkAsync(bank, $"/api/v1/loans/{loanId}/repayments", new { on = Day(due[2].Day), principalFen = 16_666_666, interestFen = 600_000 });
        var kinds = loan["entries"]!.AsArray().Select(e => ((string)e!["kind"]!, (string)e["on"]!)).ToList();
        Assert.Equal([("BECAME_OVERDUE", Day(due[1].Day.AddDays(1))), ("REPAID", Day(due[2].Day)), ("CURED", Day(due[2].Day))], kinds.TakeLast(3));
        Assert.Equal(("ACTIVE", 75_000_001L), ((string)loan["status"]!, (long)loan["balanceFen"]!));
        // The balance on any day: before the first repayment, all of it.
        var (_, before) = await deal.Enterprise.GetJsonAsync($"/api/v1/loans/{loanId}?on={Day(due[0].Day.AddDays(-1))}");
        Assert.Equal(100_000_000, (long)before["balanceFen"]!);

        // Renewed without repayment on that day: a new loan takes the 750,000.01 yuan over.
        var (renewedStatus, renewed) = await bank.SendJsonAsync($"/api/v1/loans/{loanId}:renew",
            new { on = Day(due[2].Day), newTermMonths = 12, renewalKind = "NO_REPAYMENT_RENEWAL", rateBp = 380 });
        Assert.True(renewedStatus == HttpStatusCode.OK, renewed.ToJsonString());
        var renewalId = (string)renewed["renewal"]!["loanId"]!;
        Assert.Equal(("RENEWED", renewalId, 0L), ((string)renewed["renewed"]!["status"]!, (string)renewed["renewed"]!["renewedInto"]!, (long)renewed["renewed"]!["balanceFen"]!));
        Assert.Equal(("ACTIVE", loanId, 75_000_001L, true), ((string)renewed["renewal"]!["status"]!, (string)renewed["renewal"]!["renewalOf"]!,
            (long)renewed["renewal"]!["balanceFen"]!, (bool)renewed["renewal"]!["class"]!["renewal"]!));
        await RefusedAsync(bank, $"/api/v1/loans/{loanId}:renew", new { newTermMonths = 12, renewalKind = "NO_REPAYMENT_RENEWAL", rateBp = 380 }, "loanId");

        // The renewal's plan falls due and nothing is paid: the daily check marks it overdue.
        await OkAsync(bank, $"/api/v1/loans/{renewalId}/schedule", new { kind = "EQUAL_PRINCIPAL", termMonths = 12 }, HttpMethod.Put);
        await platform.Services["loans"].App.Services.GetRequiredService<OverdueCheck>().RunOnceAsync(Cancel);
        var (_, overdue) = await official.GetJsonAsync($"/api/v1/loans/{renewalId}");
        Assert.Equal(("OVERDUE", Day(due[2].Day.AddMonths(1))), ((string)overdue["status"]!, (string)overdue["overdueDueOn"]!));
        Assert.True((int)overdue["daysPastDue"]! > 0);

        // Repaid in full: cured, and settled.
        var today = DateOnly.Parse((string)overdue["balanceOn"]!);
        var settled = await OkAsync(bank, $"/api/v1/loans/{renewalId}/repayments", new { on = Day(today), principalFen = 75_000_001, interestFen = 1_000_000 });
        Assert.Equal(("SETTLED", 0L), ((string)settled["status"]!, (long)settled["balanceFen"]!));
        Assert.Equal(["CURED", "SETTLED"], settled["entries"]!.AsArray().TakeLast(2).Select(e => (string)e!["kind"]!));

        // Who reads: the enterprise both its loans, newest first; officials of the region; nobody else.
        var (_, mine) = await deal.Enterprise.GetJsonAsync("/api/v1/loans");
        Assert.Equal([renewalId, loanId], mine["loans"]!.AsArray().Select(l => (string)l!["loanId"]!).Where(id => id == renewalId || id == loanId));
        var otherBank = platform.Rest(await platform.TokenAsync("bank", await platform.CreateBankAsync()));
        Assert.Equal(HttpStatusCode.Forbidden, (await otherBank.GetJsonAsync($"/api/v1/loans/{loanId}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherBank.SendJsonAsync($"/api/v1/loans/{renewalId}/repayments", new { on = Day(today), principalFen = 0, interestFen = 1 })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await deal.Enterprise.SendJsonAsync($"/api/v1/loans/{loanId}:write-off", new { on = Day(today), reason = "x" })).Status);
        var elsewhere = platform.Rest(await platform.OfficialAsync("131102"));
        Assert.Equal(HttpStatusCode.Forbidden, (await elsewhere.GetJsonAsync($"/api/v1/loans/{loanId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await bank.GetJsonAsync($"/api/v1/loans/{Guid.NewGuid()}")).Status);
    }

    private static async Task<JsonObject> WaitForLoanAsync(HttpClient client, string loanId)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(20); ; await Task.Delay(100, Cancel))
        {
            var (status, body) = await client.GetJsonAsync($"/api/v1/loans/{loanId}");
            if (status == HttpStatusCode.OK || DateTime.UtcNow > deadline)
            {
                Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
                return body;
            }
        }
    }

    private static async Task<JsonObject> OkAsync(HttpClient client, string path, object body, HttpMethod? method = null)
    {
        var (status, answer) = await client.SendJsonAsync(path, body, method);
        Assert.True(status == HttpStatusCode.OK, $"{path}: {answer.ToJsonString()}");
        return answer;
    }

    private static async Task RefusedAsync(HttpClient client, string path, object body, string field)
    {
        var (status, answer) = await client.SendJsonAsync(path, body);
        Assert.True(status == HttpStatusCode.BadRequest, $"{path}: {(int)status} {answer.ToJsonString()}");
        Assert.Contains(field, answer.ToJsonString(), StringComparison.Ordinal);
    }

    private static string Day(DateOnly day) => Domain.Dates.Day(day);
}
