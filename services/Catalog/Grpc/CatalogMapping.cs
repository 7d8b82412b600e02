using static FinanceMarket.Domain.Dates;
using System.Globalization;
using FinanceMarket.Catalog.Model;
using FinanceMarket.Catalog.V1;
using Proto = FinanceMarket.Common.V1;

namespace FinanceMarket.Catalog.Grpc;

// Between the wire (proto messages) and the model; enum values share their numbers on both sides.
internal static class CatalogMapping
{
    // The whole listing at its version: on a new product, and again on every edit.
    public static ProductListedIntegrationEvent Listed(Model.Product p) => new(
        p.ProductId, p.BankId, p.Name, p.Kind.Wire(), p.MinAmountFen, p.MaxAmountFen, p.MinTermMonths, p.MaxTermMonths,
        p.RateSpreadBp,
        new ProductEligibility(
            p.Eligibility.SizeClasses.Select(s => s.Wire()).ToList(),
            p.Eligibility.IndustryCodes,
            p.Eligibility.RegionCodes,
            p.Eligibility.MinYearsInOperation,
            p.Eligibility.MinTaxCreditRating?.Wire(),
            p.Eligibility.CollateralRequired) { ExcludeEnforcementRecords = p.Eligibility.ExcludeEnforcementRecords },
        p.SubsidyEligible,
        p.DecisionSlaDays,
        p.Version)
    {
        PreCredit = p.PreCredit is { } f ? new ProductPreCredit(f.TaxPaidMultiple, f.InvoicedRevenueShareBp) : null,
    };

    public static ProductListing ToListing(IListingRequest r) => new(
        r.Name,
        ProtoEnums.TryToDomain<ProductKind>(r.Kind, out var kind) ? kind : null,
        r.MinAmountFen, r.MaxAmountFen, r.MinTermMonths, r.MaxTermMonths, r.RateSpreadBp,
        r.Eligibility is { } e
            ? new EligibilityRequest(
                e.SizeClasses.Select(s => (int)s).ToList(), e.IndustryCodes, e.RegionCodes,
                e.MinYearsInOperation, (int)e.MinTaxCreditRating, e.CollateralRequired, e.HasExcludeEnforcementRecords ? e.ExcludeEnforcementRecords : null)
            : null,
        r.SubsidyEligible, r.DecisionSlaDays,
        r.PreCredit is { } f ? new Domain.PreCreditFormula(f.TaxPaidMultiple, f.InvoicedRevenueShareBp) : null);

    public static V1.Bank ToProto(Model.Bank b)
    {
        var bank = new V1.Bank { BankId = b.BankId, Name = b.Name, CreatedAt = Instant(b.CreatedAt), RegionCode = b.RegionCode };
        bank.Renames.AddRange((b.Renames ?? []).Select(r => new V1.BankRename
        {
            FormerName = r.FormerName, RenamedBy = r.RenamedBy, Reason = r.Reason, RenamedAt = Instant(r.RenamedAt),
        }));
        return bank;
    }

    // bankName: the registry's name for p.BankId, which a reader is shown rather than the id.
    public static V1.Product ToProto(Model.Product p, string bankName)
    {
        var eligibility = new V1.Eligibility
        {
            MinYearsInOperation = p.Eligibility.MinYearsInOperation,
            MinTaxCreditRating = p.Eligibility.MinTaxCreditRating is { } r ? ProtoEnums.ToProto<Proto.TaxCreditRating>(r) : Proto.TaxCreditRating.Unspecified,
            CollateralRequired = p.Eligibility.CollateralRequired,
            ExcludeEnforcementRecords = p.Eligibility.ExcludeEnforcementRecords,
        };
        eligibility.SizeClasses.AddRange(p.Eligibility.SizeClasses.Select(s => ProtoEnums.ToProto<Proto.SizeClass>(s)));
        eligibility.IndustryCodes.AddRange(p.Eligibility.IndustryCodes);
        eligibility.RegionCodes.AddRange(p.Eligibility.RegionCodes);
        return new V1.Product
        {
            ProductId = p.ProductId,
            BankId = p.BankId,
            BankName = bankName,
            Name = p.Name,
            Kind = ProtoEnums.ToProto<Proto.ProductKind>(p.Kind),
            MinAmountFen = p.MinAmountFen,
            MaxAmountFen = p.MaxAmountFen,
            MinTermMonths = p.MinTermMonths,
            MaxTermMonths = p.MaxTermMonths,
            RateSpreadBp = p.RateSpreadBp,
            Eligibility = eligibility,
            SubsidyEligible = p.SubsidyEligible,
            DecisionSlaDays = p.DecisionSlaDays,
            Status = p.Status == Model.ProductStatus.Listed ? V1.ProductStatus.Listed : V1.ProductStatus.Delisted,
            ListedAt = Instant(p.ListedAt),
            DelistedAt = p.DelistedAt is { } d ? Instant(d) : string.Empty,
            Version = p.Version,
            UpdatedAt = p.UpdatedAt is { } u ? Instant(u) : string.Empty,
            PreCredit = p.PreCredit is { } f
                ? new V1.PreCreditFormula { TaxPaidMultiple = f.TaxPaidMultiple, InvoicedRevenueShareBp = f.InvoicedRevenueShareBp }
                : null,
            Moderation = p.Moderation is { } m
                ? new V1.Moderation { Official = m.Official, RegionCode = m.RegionCode, Reason = m.Reason, ModeratedAt = Instant(m.At) }
                : null,
        };
    }

}
