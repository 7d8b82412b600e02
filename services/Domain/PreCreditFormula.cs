namespace FinanceMarket.Domain;

// A product's transparent pre-credit formula (预授信): the estimate is the least of the product's maximum,
// TaxPaidMultiple × last year's tax paid and InvoicedRevenueShareBp of last year's invoiced revenue (a part
// left at 0 does not apply), rounded down to the 万元, and zero while an enforcement record is in force.
public sealed record PreCreditFormula(int TaxPaidMultiple, int InvoicedRevenueShareBp)
{
    public const int MaxTaxPaidMultiple = 100;
}
