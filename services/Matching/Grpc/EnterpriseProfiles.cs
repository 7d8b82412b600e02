using FinanceMarket.Matching.Model;
using FinanceMarket.ServiceDefaults.Hosting;
using Grpc.Core;
using CreditV1 = FinanceMarket.Credit.V1;
using EnterprisesV1 = FinanceMarket.Enterprises.V1;

namespace FinanceMarket.Matching.Grpc;

// Who asks, as the rules see it: the registry's profile with the credit data's verified values in place of
// the declared ones. Both are read with the caller's own token, so the registry and the credit service each
// make their own check (the enterprise itself, an official of its region). Neither answer is guessed: when
// either service cannot answer, the caller hears UNAVAILABLE naming it.
internal sealed class EnterpriseProfiles(
    EnterprisesV1.EnterpriseRegistry.EnterpriseRegistryClient registry, CreditV1.Credit.CreditClient credit, TimeProvider time, ILogger<EnterpriseProfiles> log)
{
    // As long as the credit service keeps an application's consent (its ConsentRules.ApplicationDays).
    public const int ApplicationConsentDays = 30;

    // The application's consent for its bank (30 days from the day it was submitted), asked for with the
    // enterprise's token. A failure only delays it: the credit service adds the same consent from the
    // application's event, once, whichever comes first.
    public async Task GrantApplicationConsentAsync(Model.Application application, Metadata credentials, CancellationToken cancellationToken)
    {
        try
        {
            await credit.GrantConsentAsync(new CreditV1.GrantConsentRequest
            {
                Uscc = application.Uscc,
                BankId = application.BankId,
                Purpose = CreditV1.ConsentPurpose.Application,
                ApplicationId = application.ApplicationId,
                ExpiresOn = Dates.Day(Transitions.ChinaDay(application.SubmittedAt).AddDays(ApplicationConsentDays)),
            }, credentials, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The application is saved: whatever went wrong here (a refusal, a timeout, an open circuit) must not
            // turn its answer into an error the client would retry into a conflict.
            log.LogWarning("The consent of application {ApplicationId} waits for its event: {Problem}", application.ApplicationId, ex.Message);
        }
    }

    public async Task<(EnterprisesV1.Enterprise Registered, EnterpriseProfile Profile)> ReadAsync(string uscc, Metadata credentials, CancellationToken cancellationToken)
    {
        var registered = ResilientGrpcClients.ReadAsync("The enterprise registry", () =>
            registry.GetEnterpriseAsync(new EnterprisesV1.GetEnterpriseRequest { Uscc = uscc }, credentials, cancellationToken: cancellationToken).ResponseAsync);
        var facts = FactsAsync(uscc, credentials, cancellationToken);
        // Both answers are awaited, so neither's failure is left unobserved.
        await Task.WhenAll(registered, facts);
        var enterprise = await registered;
        var declared = new EnterpriseProfile(
            enterprise.Name, enterprise.RegionCode, enterprise.IndustryCode, ProtoEnums.ToDomain<SizeClass>(enterprise.SizeClass),
            ProtoEnums.ToDomain<TaxCreditRating>(enterprise.TaxCreditRating),
            YearsInOperation.On(DateOnly.ParseExact(enterprise.EstablishedOn, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), ChinaTime.Today(time)));
        var figures = new DeclaredFigures(enterprise.IndustryCode, enterprise.Employees, enterprise.AnnualRevenueFen, enterprise.TotalAssetsFen,
            Corrected: enterprise.Corrections.Count > 0);
        return (enterprise, VerifiedProfiles.Merge(declared, figures, await facts));
    }

    // The verified values, read with the caller's token: a bank's read needs its live consent (and is logged).
    public async Task<(CreditFacts Facts, string ConsentId)> FactsWithConsentAsync(string uscc, Metadata credentials, CancellationToken cancellationToken)
    {
        var answer = await ResilientGrpcClients.ReadAsync("The credit data service", () =>
            credit.GetVerifiedFactsAsync(new CreditV1.GetVerifiedFactsRequest { Uscc = uscc }, credentials, cancellationToken: cancellationToken).ResponseAsync);
        return (ToFacts(answer.Verified ?? new CreditV1.Verified()), answer.ConsentId);
    }

    private async Task<CreditFacts> FactsAsync(string uscc, Metadata credentials, CancellationToken cancellationToken) =>
        (await FactsWithConsentAsync(uscc, credentials, cancellationToken)).Facts;

    private static CreditFacts ToFacts(CreditV1.Verified v) => new(
        v.TaxCreditRating == Common.V1.TaxCreditRating.Unspecified ? null : ProtoEnums.ToDomain<TaxCreditRating>(v.TaxCreditRating),
        v.TaxRatingYear,
        string.IsNullOrEmpty(v.EmployeesMonth) ? null : v.InsuredEmployees,
        string.IsNullOrEmpty(v.EmployeesMonth) ? null : v.EmployeesMonth,
        v.EnforcementRecordsInForce,
        v.TaxYear,
        v.TaxPaidFen,
        v.InvoicedRevenueFen);
}
