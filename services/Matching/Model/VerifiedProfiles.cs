namespace FinanceMarket.Matching.Model;

// What the credit data verified of an enterprise (the credit service's VerifiedFacts), as the rules use it.
public sealed record CreditFacts(
    TaxCreditRating? TaxCreditRating,
    int TaxRatingYear,
    int? InsuredEmployees,
    string? EmployeesMonth,
    int EnforcementRecordsInForce,
    int TaxYear,
    long TaxPaidFen,
    long InvoicedRevenueFen);

// The registry's figures the size class is classified from, and whether an official has corrected them.
public sealed record DeclaredFigures(string IndustryCode, int Employees, long AnnualRevenueFen, long TotalAssetsFen, bool Corrected = false);

public static class VerifiedProfiles
{
    // Verified beats declared: the rating of the latest tax year on file in place of the declared one, and the
    // size class classified with the insured headcount in place of the declared staff (the declared revenue
    // and assets stay); enforcement records and last year's tax figures come only from the data. An official's
    // audited correction beats both (subsidies decide on it too): the official has looked at the firm itself.
    public static EnterpriseProfile Merge(EnterpriseProfile declared, DeclaredFigures figures, CreditFacts facts)
    {
        if (figures.Corrected)
        {
            facts = facts with { TaxCreditRating = null, InsuredEmployees = null };
        }

        var rating = facts.TaxCreditRating ?? declared.TaxCreditRating;
        var size = facts.InsuredEmployees is { } insured
            ? SizeClassifier.Classify(figures.IndustryCode, insured, figures.AnnualRevenueFen, figures.TotalAssetsFen)
            : declared.SizeClass;
        var verified = facts.TaxCreditRating is not null || facts.InsuredEmployees is not null
            ? new VerifiedBy(facts.TaxCreditRating is null ? null : facts.TaxRatingYear, facts.InsuredEmployees, facts.EmployeesMonth)
            : null;
        return declared with
        {
            TaxCreditRating = rating,
            SizeClass = size,
            EnforcementRecordsInForce = facts.EnforcementRecordsInForce,
            Verified = verified,
            Basis = facts.TaxYear > 0 ? new PreCreditBasis(facts.TaxYear, facts.TaxPaidFen, facts.InvoicedRevenueFen) : null,
        };
    }
}
