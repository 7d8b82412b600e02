using FinanceMarket.Credit.Model;
using FinanceMarket.ServiceDefaults.Events;

namespace FinanceMarket.Credit.Grpc;

// What credit keeps from other services' events, delivered by the Dapr sidecar (servers) or the relay's
// direct delivery (embedded), both with the app API token:
// - what each enterprise declared (registration, an official's correction: the newer correction wins), the
//   region its data belongs to and what the data is compared with;
// - the banks' names, for the consents and the read log;
// - an application made with consentToCreditQuery, which is the enterprise's consent for that bank (once per
//   application, however often delivered).
// An event that cannot be read answers 422, so the sidecar retries it and then dead-letters it.
internal static class CreditEvents
{
    public static WebApplication MapCreditEvents(this WebApplication app)
    {
        app.UseEventSubscriptions();
        Map(app, async (EnterpriseRegisteredIntegrationEvent registered, IServiceProvider services, CancellationToken cancellationToken) =>
        {
            if (!WireNames.TryParse<SizeClass>(registered.SizeClass, out var size) || !WireNames.TryParse<TaxCreditRating>(registered.TaxCreditRating, out var rating))
            {
                return Unreadable($"size class '{registered.SizeClass}' or rating '{registered.TaxCreditRating}' cannot be read");
            }

            await services.GetRequiredService<ICreditStore>().ApplyDeclaredAsync(new DeclaredProfile(registered.Uscc, registered.Name, registered.RegionCode,
                registered.IndustryCode, size, rating, registered.Employees, registered.AnnualRevenueFen, registered.TotalAssetsFen, 0),
                services.GetRequiredService<TimeProvider>().GetUtcNow(), cancellationToken);
            return Done;
        });
        Map(app, async (EnterpriseCorrectedIntegrationEvent corrected, IServiceProvider services, CancellationToken cancellationToken) =>
        {
            if (!WireNames.TryParse<SizeClass>(corrected.SizeClass, out var size) || !WireNames.TryParse<TaxCreditRating>(corrected.TaxCreditRating, out var rating)
                || corrected.CorrectionCount < 1)
            {
                return Unreadable($"size class '{corrected.SizeClass}', rating '{corrected.TaxCreditRating}' or correction {corrected.CorrectionCount} cannot be read");
            }

            var store = services.GetRequiredService<ICreditStore>();
            // The embedded relay delivers an enterprise's registration before its corrections (one publisher, one
            // key); Dapr keeps no order across topics. A correction of an enterprise this service has not heard of
            // (registered before it ran, or overtaking its registration) has no name, region or industry to
            // correct, and is left: the registration, when it comes, carries the values as they were registered.
            if (await store.DeclaredAsync(corrected.Uscc, cancellationToken) is { } declared)
            {
                await store.ApplyDeclaredAsync(declared with
                {
                    SizeClass = size, TaxCreditRating = rating, CorrectionCount = corrected.CorrectionCount,
                    Employees = corrected.Employees ?? declared.Employees,
                    AnnualRevenueFen = corrected.AnnualRevenueFen ?? declared.AnnualRevenueFen,
                    TotalAssetsFen = corrected.TotalAssetsFen ?? declared.TotalAssetsFen,
                }, services.GetRequiredService<TimeProvider>().GetUtcNow(), cancellationToken);
            }

            return Done;
        });
        Map(app, async (BankCreatedIntegrationEvent created, IServiceProvider services, CancellationToken cancellationToken) =>
        {
            if (string.IsNullOrWhiteSpace(created.BankId) || string.IsNullOrWhiteSpace(created.Name))
            {
                return Unreadable("the bank's id or name is missing");
            }

            await services.GetRequiredService<ICreditStore>().SetBankNameAsync(created.BankId, created.Name, cancellationToken);
            return Done;
        });
        Map(app, async (ApplicationSubmittedIntegrationEvent submitted, IServiceProvider services, CancellationToken cancellationToken) =>
        {
            if (!submitted.ConsentToCreditQuery)
            {
                return Done;
            }

            if (!DateOnly.TryParseExact(submitted.SubmittedOn, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.None, out var submittedOn) || !Guid.TryParse(submitted.ApplicationId, out _)
                || string.IsNullOrEmpty(submitted.BankId) || string.IsNullOrEmpty(submitted.Uscc))
            {
                return Unreadable($"application {submitted.ApplicationId} submitted on '{submitted.SubmittedOn}' cannot be read");
            }

            var time = services.GetRequiredService<TimeProvider>();
            var consent = ConsentRules.ForApplication(submitted.Uscc, submitted.BankId, submitted.ApplicationId, submittedOn, time.GetUtcNow(), SortableId.NewId(time));
            await services.GetRequiredService<ICreditStore>().AddConsentAsync(consent, Granted(consent, submitted.EnterpriseName), cancellationToken);
            return Done;
        });
        return app;
    }

    public static CreditConsentGrantedIntegrationEvent Granted(Consent consent, string? enterpriseName) =>
        new(consent.ConsentId, consent.Uscc, consent.BankId, consent.Purpose.Wire(), consent.ApplicationId ?? string.Empty, Dates.Day(consent.ExpiresOn))
        {
            EnterpriseName = enterpriseName,
        };

    private static readonly IResult Done = Results.Ok(new { status = "SUCCESS" });

    private static IResult Unreadable(string reason) => Results.UnprocessableEntity(new { reason });

    private static void Map<TEvent>(WebApplication app, Func<TEvent, IServiceProvider, CancellationToken, Task<IResult>> handle) where TEvent : IntegrationEvent =>
        app.MapSubscription<TEvent>((TEvent received, HttpContext http, CancellationToken cancellationToken) => handle(received, http.RequestServices, cancellationToken));
}
