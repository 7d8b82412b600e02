namespace FinanceMarket.Catalog.Extensions;

// Bound from "FinanceMarket:Catalog".
public sealed class CatalogOptions
{
    public const string Section = "FinanceMarket:Catalog";

    // No bank can flood the shelf (and every need's work) on its own: a listing past this many LISTED
    // products of one bank is refused until one is delisted.
    public int MaxListedProductsPerBank { get; set; } = 1_000;
}
