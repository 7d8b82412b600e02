using System.Globalization;

namespace FinanceMarket.Totals.Model;

// How each event moves the figures. Every event counts in its region and every region above it, each with
// its bank, district, industry section and month, and the bank, district and industry section again in that
// month (the monthly report's breakdowns); the same event id twice changes nothing (the stores).
//
// Out of order: an application ends once. Its first terminal event (approved, rejected or expired) is its
// outcome; a later one for the same application (possible only if a publisher broke its ordering) is
// recorded as seen and changes nothing. A submission counts whenever it arrives.
public static class TotalsRules
{
    public static TotalsChange Submitted(ApplicationSubmittedIntegrationEvent e) => new(
        e.Id, ScopesOf(e.RegionCode, e.BankId, e.IndustryCode, Month(e.SubmittedOn)),
        new Dictionary<string, long> { ["applications"] = 1 }, [], null);

    public static TotalsChange Approved(ApplicationApprovedIntegrationEvent e) => new(
        e.Id, ScopesOf(e.RegionCode, e.BankId, e.IndustryCode, Month(e.ContractDate)),
        new Dictionary<string, long> { ["matchedDeals"] = 1, ["creditGrantedFen"] = e.GrantedAmountFen },
        [new Distinct("served", e.Uscc, "enterprisesServed", 1)], "application:" + e.ApplicationId);

    public static TotalsChange Rejected(ApplicationRejectedIntegrationEvent e) => new(
        e.Id, ScopesOf(e.RegionCode, e.BankId, e.IndustryCode, Month(e.DecidedOn)),
        new Dictionary<string, long> { ["rejected"] = 1 }, [], "application:" + e.ApplicationId);

    // An expiry counts in no figure of docs/api.md, but it is the application's outcome all the same.
    public static TotalsChange Expired(ApplicationExpiredIntegrationEvent e) => new(
        e.Id, [], new Dictionary<string, long>(), [], "application:" + e.ApplicationId);

    // A loan's principal is subsidised once per programme, however many of its periods are paid.
    public static TotalsChange Paid(SubsidyPaidIntegrationEvent e) => new(
        e.Id, ScopesOf(e.RegionCode, e.BankId, e.IndustryCode, Month(e.PaidOn)),
        new Dictionary<string, long> { ["subsidyClaimsPaid"] = 1, ["subsidyPaidFen"] = e.AmountFen },
        [new Distinct("principal", e.ProgramId + "|" + e.ApplicationId, "subsidisedPrincipalFen", e.PrincipalFen)], null);

    // An enterprise on the platform (入驻企业), in the month the registry took it.
    public static TotalsChange Registered(EnterpriseRegisteredIntegrationEvent e) =>
        Registrations(e.Id, e.RegionCode, e.IndustryCode, Month(e.RegisteredOn ?? Dates.Day(ChinaTime.DateOf(e.OccurredAt))), 1);

    // That many registrations in one district, industry and month "yyyy-MM" (as reconciliation reads them).
    public static TotalsChange Registrations(Guid id, string regionCode, string industryCode, string month, long count) => new(
        id, ScopesOf(regionCode, null, industryCode, Months.TryParse(month, out _) ? month : throw new ArgumentException($"'{month}' is not a month YYYY-MM")),
        new Dictionary<string, long> { ["enterprisesRegistered"] = count }, [], null);

    // A line of a loan's ledger moves the balances by its change (the inclusive, credit-loan and overdue parts
    // by the loan's class and state), and counts the money paid out, repaid, taken over by a renewal or
    // written off. A firm's first loan counts the firm once, on its first money paid out. Lines count in the
    // month of their day: a line arriving late still lands in its month, and the month-end balances stay exact.
    public static TotalsChange LoanEntry(LoanEntryRecordedIntegrationEvent e)
    {
        var counters = new Dictionary<string, long>(StringComparer.Ordinal);
        void Add(string name, long amount)
        {
            if (amount != 0)
            {
                counters[name] = counters.GetValueOrDefault(name) + amount;
            }
        }

        if (e.PrincipalFen < 0 || e.InterestFen < 0)
        {
            throw new ArgumentException($"line {e.Sequence} of loan {e.LoanId} has a negative amount");
        }

        Add("loanBalanceFen", e.BalanceDeltaFen);
        Add("inclusiveBalanceFen", e.InclusiveSmallMicro ? e.BalanceDeltaFen : 0);
        Add("creditLoanBalanceFen", e.CreditLoan ? e.BalanceDeltaFen : 0);
        Add("overdueBalanceFen", e.OverdueDeltaFen);
        var distincts = new List<Distinct>();
        switch (e.Kind)
        {
            case "DISBURSED":
                Add("loansDisbursed", e.FirstDisbursement ? 1 : 0);
                Add("disbursedFen", e.PrincipalFen);
                Add("creditLoanDisbursedFen", e.CreditLoan ? e.PrincipalFen : 0);
                Add("firstLoanFen", e.FirstLoan ? e.PrincipalFen : 0);
                if (e.FirstLoan && e.FirstDisbursement)
                {
                    distincts.Add(new Distinct("firstloan", e.Uscc, "firstLoanFirms", 1));
                }

                break;
            case "REPAID":
                Add("repaidPrincipalFen", e.PrincipalFen);
                Add("repaidInterestFen", e.InterestFen);
                break;
            case "TOOK_OVER":
                var withoutRepaying = e.RenewalKind == "NO_REPAYMENT_RENEWAL";
                Add("renewals", 1);
                Add("renewedFen", e.PrincipalFen);
                Add("noRepaymentRenewals", withoutRepaying ? 1 : 0);
                Add("noRepaymentRenewedFen", withoutRepaying ? e.PrincipalFen : 0);
                break;
            case "WRITTEN_OFF":
                Add("writtenOffFen", e.PrincipalFen);
                break;
        }

        return new TotalsChange(e.Id, ScopesOf(e.RegionCode, e.BankId, e.IndustryCode, Month(e.On)), counters, distincts, null);
    }

    // An enterprise's registration has no bank (null): it counts in the rest.
    public static IReadOnlyList<string> ScopesOf(string regionCode, string? bankId, string industryCode, string month)
    {
        if (!RegionCode.IsRegion(regionCode) || (bankId is not null && (bankId.Length == 0 || bankId.Contains('|', StringComparison.Ordinal)))
            || IndustryCode.Problem(IndustryCode.Normalize(industryCode)) is not null)
        {
            throw new ArgumentException($"an event with region '{regionCode}', bank '{bankId}' and industry '{industryCode}' cannot be counted");
        }

        var scopes = new List<string>();
        var section = IndustryCode.Section(industryCode).ToString();
        foreach (var region in RegionCode.Hierarchy(regionCode))
        {
            scopes.Add(Scopes.Of(region));
            scopes.Add(Scopes.Of(region, Dimension.Region, regionCode));
            scopes.Add(Scopes.Of(region, Dimension.Industry, section));
            scopes.Add(Scopes.Of(region, Dimension.Month, month));
            if (bankId is not null)
            {
                scopes.Add(Scopes.Of(region, Dimension.Bank, bankId));
                scopes.Add(Scopes.Of(region, Dimension.Bank, bankId, month));
            }

            scopes.Add(Scopes.Of(region, Dimension.Region, regionCode, month));
            scopes.Add(Scopes.Of(region, Dimension.Industry, section, month));
        }

        return scopes;
    }

    // "2026-11-28" → "2026-11"; anything else is not an event this service can count.
    private static string Month(string day) =>
        DateOnly.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date.ToString("yyyy-MM", CultureInfo.InvariantCulture)
            : throw new ArgumentException($"'{day}' is not a date YYYY-MM-DD");
}
