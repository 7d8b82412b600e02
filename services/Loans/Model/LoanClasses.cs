namespace FinanceMarket.Loans.Model;

// How the national statistics count a loan when it is first paid out.
public static class LoanClasses
{
    // 普惠小微: total credit to the borrower of at most 10 million yuan.
    public const long InclusiveCreditCapFen = 1_000_000_000;

    // earlierLoan: the enterprise had a loan on the platform paid out before this one (or, where credit data
    // holds one, a bank loan). openCreditFen: what the platform's banks granted it on its other loans still
    // open, which with this one's grant is its total credit.
    public static LoanClass Classify(LoanTerms terms, bool earlierLoan, long openCreditFen) => new(
        FirstLoan: !earlierLoan,
        CreditLoan: IsCreditLoan(terms.ProductKind),
        InclusiveSmallMicro: (terms.SizeClass is SizeClass.Small or SizeClass.Micro || IsIndividualBusiness(terms.Uscc))
            && openCreditFen + terms.GrantedFen <= InclusiveCreditCapFen,
        Renewal: false);

    // 信用贷款: lent on the borrower's credit alone, without collateral or a guarantor.
    public static bool IsCreditLoan(ProductKind kind) => kind is ProductKind.Credit or ProductKind.TaxBased;

    // 个体工商户: registered by market regulation (9) as an individual business (2), GB 32100-2015.
    public static bool IsIndividualBusiness(string uscc) => uscc.Length == 18 && uscc[0] == '9' && uscc[1] == '2';
}
