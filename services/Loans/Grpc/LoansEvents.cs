using FinanceMarket.Loans.Model;
using FinanceMarket.ServiceDefaults.Events;

namespace FinanceMarket.Loans.Grpc;

// An approved application opens its loan (AWAITING_DISBURSEMENT), with the terms the approval carries. The
// loan's id is derived from the application's, so however often the approval is delivered there is one
// loan, and matching shows the same id on the application without asking. An event that cannot be read
// answers 422, so the sidecar retries it and then dead-letters it.
internal static class LoansEvents
{
    public static WebApplication MapLoansEvents(this WebApplication app)
    {
        app.UseEventSubscriptions();
        app.MapSubscription<ApplicationApprovedIntegrationEvent>(async (ApplicationApprovedIntegrationEvent approved, HttpContext http, CancellationToken cancellationToken) =>
        {
            if (!WireNames.TryParse<SizeClass>(approved.SizeClass, out var size) || !WireNames.TryParse<ProductKind>(approved.ProductKind, out var kind)
                || !DateOnly.TryParseExact(approved.ContractDate, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.None, out var contract)
                || !Guid.TryParse(approved.ApplicationId, out _) || approved.GrantedAmountFen <= 0 || approved.TermMonths <= 0)
            {
                return Results.UnprocessableEntity(new { reason = $"the approval of application {approved.ApplicationId} cannot be read" });
            }

            var terms = new LoanTerms(approved.ApplicationId, approved.ProductId, approved.BankId, approved.Uscc, approved.RegionCode, approved.IndustryCode,
                size, kind, approved.GrantedAmountFen, approved.AnnualRateBp, approved.TermMonths, contract, approved.SubsidyEligible);
            var time = http.RequestServices.GetRequiredService<TimeProvider>();
            await http.RequestServices.GetRequiredService<ILoanStore>().OpenAsync(
                LedgerRules.Approve(LoanIds.ForApplication(approved.ApplicationId), terms, time.GetUtcNow()), cancellationToken);
            return Results.Ok(new { status = "SUCCESS" });
        });
        return app;
    }
}
