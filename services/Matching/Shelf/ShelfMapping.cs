using CatalogV1 = FinanceMarket.Catalog.V1;

namespace FinanceMarket.Matching.Shelf;

// The two ways a product reaches the view, the catalog's answer and its event, give the same ShelfProduct.
internal static class ShelfMapping
{
    public static (ShelfProduct Product, long Version) FromCatalog(CatalogV1.Product p) => (
        new ShelfProduct(
            p.ProductId, p.BankId, (ProductKind)(int)p.Kind, p.MinAmountFen, p.MaxAmountFen, p.MinTermMonths, p.MaxTermMonths,
            p.RateSpreadBp,
            new ShelfEligibility(
                p.Eligibility?.SizeClasses.Select(s => (SizeClass)(int)s).ToList() ?? [],
                p.Eligibility?.IndustryCodes.ToList() ?? [],
                p.Eligibility?.RegionCodes.ToList() ?? [],
                p.Eligibility?.MinYearsInOperation ?? 0,
                p.Eligibility is { MinTaxCreditRating: not Common.V1.TaxCreditRating.Unspecified } e ? (TaxCreditRating)(int)e.MinTaxCreditRating : null,
                p.Eligibility?.CollateralRequired ?? false),
            p.SubsidyEligible, p.DecisionSlaDays, p.Name),
        p.Version);

    public static (ShelfProduct Product, long Version) FromEvent(ProductListedIntegrationEvent e) => (
        new ShelfProduct(
            e.ProductId, e.BankId, Enum.Parse<ProductKind>(e.Kind), e.MinAmountFen, e.MaxAmountFen, e.MinTermMonths, e.MaxTermMonths,
            e.RateSpreadBp,
            new ShelfEligibility(
                e.Eligibility.SizeClasses.Select(Enum.Parse<SizeClass>).ToList(),
                e.Eligibility.IndustryCodes,
                e.Eligibility.RegionCodes,
                e.Eligibility.MinYearsInOperation,
                e.Eligibility.MinTaxCreditRating is { Length: > 0 } r ? Enum.Parse<TaxCreditRating>(r) : null,
                e.Eligibility.CollateralRequired),
            e.SubsidyEligible, e.DecisionSlaDays, e.Name),
        e.ProductVersion);
}
