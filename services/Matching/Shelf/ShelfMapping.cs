using CatalogV1 = FinanceMarket.Catalog.V1;

namespace FinanceMarket.Matching.Shelf;

// The two ways a product reaches the view, the catalog's answer and its event, give the same ShelfProduct.
internal static class ShelfMapping
{
    public static (ShelfProduct Product, long Version) FromCatalog(CatalogV1.Product p) => (
        new ShelfProduct(
            p.ProductId, p.BankId, ProtoEnums.ToDomain<ProductKind>(p.Kind), p.MinAmountFen, p.MaxAmountFen, p.MinTermMonths, p.MaxTermMonths,
            p.RateSpreadBp,
            new ShelfEligibility(
                p.Eligibility?.SizeClasses.Select(s => ProtoEnums.ToDomain<SizeClass>(s)).ToList() ?? [],
                p.Eligibility?.IndustryCodes.ToList() ?? [],
                p.Eligibility?.RegionCodes.ToList() ?? [],
                p.Eligibility?.MinYearsInOperation ?? 0,
                p.Eligibility is { MinTaxCreditRating: not Common.V1.TaxCreditRating.Unspecified } e ? ProtoEnums.ToDomain<TaxCreditRating>(e.MinTaxCreditRating) : null,
                p.Eligibility?.CollateralRequired ?? false,
                p.Eligibility?.ExcludeEnforcementRecords ?? false),
            p.SubsidyEligible, p.DecisionSlaDays, p.Name,
            p.PreCredit is { } f ? new PreCreditFormula(f.TaxPaidMultiple, f.InvoicedRevenueShareBp) : null),
        p.Version);

    // A malformed event (unknown kind, missing eligibility) throws ArgumentException, which the endpoint
    // answers with DROP rather than retrying it for ever.
    public static (ShelfProduct Product, long Version) FromEvent(ProductListedIntegrationEvent e)
    {
        var eligibility = e.Eligibility ?? throw new ArgumentException("the event has no eligibility");
        // What the catalog guarantees and the index relies on (a range is one rule, a code a prefix).
        if (e.MinAmountFen < 1 || e.MaxAmountFen < e.MinAmountFen || e.MinTermMonths < 1 || e.MaxTermMonths < e.MinTermMonths
            || eligibility.MinYearsInOperation is < 0 or > Limits.MaxYearsInOperation || e.DecisionSlaDays < 1
            || (eligibility.IndustryCodes ?? []).Concat(eligibility.RegionCodes ?? []).Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("the event's ranges, years or codes are not a listing the catalog accepts");
        }

        return (
            new ShelfProduct(
                e.ProductId ?? throw new ArgumentException("the event has no product id"), e.BankId ?? string.Empty, Parse<ProductKind>(e.Kind),
                e.MinAmountFen, e.MaxAmountFen, e.MinTermMonths, e.MaxTermMonths, e.RateSpreadBp,
                new ShelfEligibility(
                    (eligibility.SizeClasses ?? []).Select(Parse<SizeClass>).ToList(),
                    eligibility.IndustryCodes ?? [],
                    eligibility.RegionCodes ?? [],
                    eligibility.MinYearsInOperation,
                    eligibility.MinTaxCreditRating is { Length: > 0 } r ? Parse<TaxCreditRating>(r) : null,
                    eligibility.CollateralRequired,
                    eligibility.ExcludeEnforcementRecords),
                e.SubsidyEligible, e.DecisionSlaDays, e.Name ?? string.Empty,
                e.PreCredit is { } f ? new PreCreditFormula(f.TaxPaidMultiple, f.InvoicedRevenueShareBp) : null),
            e.ProductVersion);
    }

    private static T Parse<T>(string? name) where T : struct, Enum => WireNames.Parse<T>(name);
}
