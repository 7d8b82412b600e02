using System.Net;
using System.Text.Json.Nodes;
using FinanceMarket.TestInfrastructure;

namespace FinanceMarket.FunctionalTests.Loans;

internal static class LoanSteps
{
    // The bank pays the whole grant out on the contract day, on the loan the approval opened (by its event, a
    // moment later: a 404 is tried again). Interest, and so a subsidy, accrues only on what was paid out.
    public static async Task DisburseAllAsync(HttpClient bank, JsonObject approved)
    {
        var loanId = (string)approved["loanId"]!;
        var deal = approved["deal"]!;
        for (var deadline = DateTime.UtcNow.AddSeconds(20); ; await Task.Delay(50, TestContext.Current.CancellationToken))
        {
            var (paid, answer) = await bank.SendJsonAsync($"/api/v1/loans/{loanId}/disbursements",
                new { on = (string)deal["contractDate"]!, amountFen = (long)deal["grantedAmountFen"]! });
            if (paid == HttpStatusCode.OK)
            {
                return;
            }

            Assert.True(paid == HttpStatusCode.NotFound && DateTime.UtcNow < deadline, answer.ToJsonString());
        }
    }
}
