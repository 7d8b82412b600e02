
namespace FinanceMarket.Matching.Model;

// What a need, an application and a decision must satisfy; every failure names its field.
public static class ApplicationRules
{
    public const int MaxPurposeLength = 500;
    public const int MaxReasonLength = 500;

    // A contract recorded at approval is signed on or after the day the enterprise applied, and not
    // further ahead than a bank schedules a signing.
    public const int MaxContractDaysAhead = 30;

    // The size of the first page of matches is checked with the need, so one answer names every bad field.
    public static int ValidateNeed(string uscc, long amountFen, int termMonths, string? purpose, int pageSize)
    {
        var violations = new Violations();
        var size = Paging.PageSize(violations, pageSize);
        var usccLength = UnifiedSocialCreditCode.Normalize(uscc).Length;
        violations.Require(usccLength == UnifiedSocialCreditCode.Length, "uscc", Reasons.UsccLength, "must be an 18-character Unified Social Credit Code",
            ("length", UnifiedSocialCreditCode.Length), ("got", usccLength));
        violations.Range("amountFen", amountFen, 1, Limits.MaxLoanFen);
        violations.Range("termMonths", termMonths, 1, Limits.MaxTermMonths);
        if (!string.IsNullOrEmpty(purpose))
        {
            violations.Text("purpose", purpose, MaxPurposeLength);
        }

        violations.ThrowIfAny();
        return size;
    }

    // The highest annual rate an approval may record: four times the 1-year LPR, the ceiling Chinese courts
    // protect for lending (法释〔2020〕17号). A bank's SME loan above it is a typing error or usury.
    public static int MaxAnnualRateBp(LoanPrimeRate lpr) => 4 * lpr.OneYearBp;

    public static Deal ValidateApproval(
        Application application, long grantedAmountFen, int annualRateBp, int termMonths, string? contractDate, LoanPrimeRate lpr, DateOnly today)
    {
        var product = application.Product;
        var violations = new Violations();
        if (grantedAmountFen < product.MinAmountFen || grantedAmountFen > product.MaxAmountFen)
        {
            violations.Add("grantedAmountFen", Reasons.OutOfRange,
                $"must be within the product's range {EligibilityRules.Yuan(product.MinAmountFen)}–{EligibilityRules.Yuan(product.MaxAmountFen)} yuan ({product.MinAmountFen}–{product.MaxAmountFen} fen); got {grantedAmountFen}",
                ("min", product.MinAmountFen), ("max", product.MaxAmountFen), ("got", grantedAmountFen));
        }

        violations.Range("annualRateBp", annualRateBp, 1, MaxAnnualRateBp(lpr));
        if (termMonths < product.MinTermMonths || termMonths > product.MaxTermMonths)
        {
            violations.Add("termMonths", Reasons.OutOfRange, $"must be within the product's range {product.MinTermMonths}–{product.MaxTermMonths} months; got {termMonths}",
                ("min", product.MinTermMonths), ("max", product.MaxTermMonths), ("got", termMonths));
        }

        var date = violations.Date("contractDate", contractDate);
        var submittedOn = Transitions.ChinaDay(application.SubmittedAt);
        if (date is { } d && (d < submittedOn || d > today.AddDays(MaxContractDaysAhead)))
        {
            violations.Add("contractDate", Reasons.DateOutOfRange, $"must be between the application date {submittedOn:yyyy-MM-dd} and {today.AddDays(MaxContractDaysAhead):yyyy-MM-dd}",
                ("min", submittedOn), ("max", today.AddDays(MaxContractDaysAhead)), ("got", d));
        }

        violations.ThrowIfAny();
        return new Deal(grantedAmountFen, annualRateBp, termMonths, date!.Value);
    }

    public static string ValidateRejection(string? reason)
    {
        var violations = new Violations();
        violations.Text("reason", reason, MaxReasonLength);
        violations.ThrowIfAny();
        return reason!.Trim();
    }

    // Only a SUBMITTED application is decided, once; a second decision, or one that lost a race, is a conflict.
    public static void RequireUndecided(Application application)
    {
        if (application.Status != ApplicationStatus.Submitted)
        {
            throw new ConflictException($"Application {application.ApplicationId} is already {application.Status.Wire()}; only a SUBMITTED application can be decided.");
        }
    }

    public static bool IsOverdue(Application application, DateOnly today) =>
        application.Status == ApplicationStatus.Submitted && today > application.DecideBy;
}
