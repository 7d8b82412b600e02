using System.Net;
using System.Text.Json.Nodes;
using FinanceMarket.TestInfrastructure;

namespace FinanceMarket.FunctionalTests.Loans;

internal static class LoanSteps
{
    // The bank pays the whole grant out on the contract day, on the loan the approval opened (by its event, a
    // moment later: a 404 is tried again). Interest, and so a subsidy, accrues only on what was paid out.
    // A deal of 1,000,000 yuan at 3.45 % for 12 months approved today by the scenario's bank: the application's
    // id and its loan's.
    public static async Task<(string ApplicationId, string LoanId)> ApproveTodayAsync(Matching.MatchingScenario scenario)
    {
        var applicationId = (string)(await scenario.ApplyAsync())["applicationId"]!;
        var (status, approved) = await scenario.Bank.SendJsonAsync($"/api/v1/applications/{applicationId}:approve",
            Matching.MatchingScenario.Approval(100_000_000, 345, 12, Domain.Dates.Day(Domain.ChinaTime.Today(TimeProvider.System))));
        Assert.True(status == HttpStatusCode.OK, approved.ToJsonString());
        return (applicationId, (string)approved["loanId"]!);
    }

    public static Task<JsonObject> DisburseAllAsync(HttpClient bank, JsonObject approved)
    {
        var deal = approved["deal"]!;
        return RecordAsync(bank, (string)approved["loanId"]!, "disbursements", new { on = (string)deal["contractDate"]!, amountFen = (long)deal["grantedAmountFen"]! });
    }

    // A line the bank records (disbursements, repayments) once the loan is open, its answer the loan.
    public static async Task<JsonObject> RecordAsync(HttpClient bank, string loanId, string what, object body)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(20); ; await Task.Delay(50, TestContext.Current.CancellationToken))
        {
            var (status, answer) = await bank.SendJsonAsync($"/api/v1/loans/{loanId}/{what}", body);
            if (status == HttpStatusCode.OK)
            {
                return answer;
            }

            Assert.True(status == HttpStatusCode.NotFound && DateTime.UtcNow < deadline, answer.ToJsonString());
        }
    }
}
