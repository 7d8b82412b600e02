using FinanceMarket.Domain;

namespace FinanceMarket.Matching.Engine;

// One part of an estimate: the product's maximum, a multiple of the tax paid, a share of the invoiced
// revenue; the estimate is the least of them.
public sealed record PreCreditPart(string Name, long AmountFen, string Formula);

// A product's pre-credit estimate for one enterprise, with each part it was the least of. Null estimate:
// the formula needs tax data the enterprise does not have on file.
public sealed record PreCreditEstimate(long? EstimateFen, IReadOnlyList<PreCreditPart> Parts, string LimitedBy, int TaxYear);

public static class PreCredits
{
    public const string ProductMaximum = "PRODUCT_MAXIMUM";
    public const string TaxPaidMultiple = "TAX_PAID_MULTIPLE";
    public const string InvoicedRevenueShare = "INVOICED_REVENUE_SHARE";
    public const string EnforcementRecord = "ENFORCEMENT_RECORD";
    public const string NoTaxData = "NO_TAX_DATA";

    // 万元 in fen: estimates are rounded down to it.
    public const long Wan = 1_000_000;

    // The formula's parts from the verified tax figures, in exact integer arithmetic (Int128: a multiple of a
    // large tax bill cannot overflow), the least of them rounded down to the 万元; zero while an enforcement
    // record is in force. Null for a product without a formula.
    public static PreCreditEstimate? Estimate(ShelfProduct product, EnterpriseProfile enterprise)
    {
        if (product.PreCredit is not { } formula)
        {
            return null;
        }

        var parts = new List<PreCreditPart>(4) { new(ProductMaximum, product.MaxAmountFen, $"the product's maximum {Money.Yuan(product.MaxAmountFen)} yuan") };
        if (enterprise.EnforcementRecordsInForce > 0)
        {
            parts.Add(new(EnforcementRecord, 0, $"{enterprise.EnforcementRecordsInForce} court enforcement record(s) in force"));
            return new PreCreditEstimate(0, parts, EnforcementRecord, enterprise.Basis?.TaxYear ?? 0);
        }

        if (enterprise.Basis is not { TaxYear: > 0 } basis)
        {
            return new PreCreditEstimate(null, parts, NoTaxData, 0);
        }

        if (formula.TaxPaidMultiple > 0)
        {
            var amount = Clamp((Int128)basis.TaxPaidFen * formula.TaxPaidMultiple);
            parts.Add(new(TaxPaidMultiple, amount, $"{formula.TaxPaidMultiple} × tax paid in {basis.TaxYear} ({Money.Yuan(basis.TaxPaidFen)} yuan)"));
        }

        if (formula.InvoicedRevenueShareBp > 0)
        {
            var amount = Clamp((Int128)basis.InvoicedRevenueFen * formula.InvoicedRevenueShareBp / 10_000);
            parts.Add(new(InvoicedRevenueShare, amount,
                $"{Reason.Percent(formula.InvoicedRevenueShareBp)} of invoiced revenue in {basis.TaxYear} ({Money.Yuan(basis.InvoicedRevenueFen)} yuan)"));
        }

        var least = parts.MinBy(p => p.AmountFen)!;
        return new PreCreditEstimate(least.AmountFen - (least.AmountFen % Wan), parts, least.Name, basis.TaxYear);
    }

    private static long Clamp(Int128 fen) => fen > long.MaxValue ? long.MaxValue : (long)fen;
}
