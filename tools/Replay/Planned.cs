using FinanceMarket.Domain;

namespace FinanceMarket.Replay;

public enum Outcome
{
    Approved,
    Rejected,
    Expired,
}

public sealed record PlannedBank(string BankId, string Name, int Weight, int SpreadBp, int SlaDays)
{
    // The partner banks docs/domain.md names, and the others a prefecture-level city usually has.
    public static readonly IReadOnlyList<PlannedBank> District =
    [
        new("ccb-cangzhou", "中国建设银行沧州分行", 24, 35, 3),
        new("icbc-cangzhou", "中国工商银行沧州分行", 20, 40, 3),
        new("bank-of-cangzhou", "沧州银行", 22, 60, 2),
        new("abc-cangzhou", "中国农业银行沧州分行", 12, 45, 5),
        new("boc-cangzhou", "中国银行沧州分行", 10, 40, 5),
        new("psbc-cangzhou", "中国邮政储蓄银行沧州分行", 7, 55, 5),
        new("hebei-rcb-yunhe", "河北省农村信用社运河区联社", 5, 80, 7),
    ];
}

public sealed record PlannedEnterprise(
    string Uscc, string Name, string IndustryCode, int Employees, long RevenueFen, long AssetsFen, int YearsOld,
    TaxCreditRating Rating, int Month)
{
    private static readonly (string Code, string Trade, int Weight)[] Industries =
    [
        ("C34", "通用机械", 14), ("C36", "汽车零部件", 8), ("C33", "金属制品", 10), ("C18", "服装", 6),
        ("E48", "土木工程", 6), ("F51", "商贸", 16), ("F52", "商业", 18), ("H62", "餐饮", 10),
        ("I65", "软件", 6), ("G54", "运输", 6),
    ];

    private static readonly string[] Places = ["运河", "沧州", "大运河", "新华", "解放", "水月", "南湖", "渤海"];

    // The two characters of a firm's trade name, from its place in the draw rather than the random sequence,
    // so the year's figures do not depend on its names.
    private static readonly string[] Brands = ["恒", "宏", "盛", "鑫", "华", "兴", "泰", "丰", "信", "达", "源", "瑞"];

    public SizeClass SizeClass => SizeClassifier.Classify(IndustryCode, Employees, RevenueFen, AssetsFen);

    public bool CanBorrow => Rating is TaxCreditRating.A or TaxCreditRating.B && YearsOld >= 3 && SizeClass != SizeClass.Large;

    public static PlannedEnterprise Draw(Random random, string region, int month, HashSet<string> codes)
    {
        string uscc;
        do
        {
            var organisation = new string(Enumerable.Range(0, 9).Select(_ => UnifiedSocialCreditCode.Alphabet[random.Next(UnifiedSocialCreditCode.Alphabet.Length)]).ToArray());
            var first17 = "91" + region + organisation;
            uscc = first17 + UnifiedSocialCreditCode.CheckCharacter(first17);
        }
        while (!codes.Add(uscc));

        var roll = random.Next(Industries.Sum(i => i.Weight));
        var industry = Industries.First(i => (roll -= i.Weight) < 0);
        // Mostly micro and small firms, as in any district; a few medium ones.
        var employees = random.Next(10) switch
        {
            < 5 => random.Next(2, 20),
            < 9 => random.Next(20, 120),
            _ => random.Next(120, 400),
        };
        var revenueWan = employees * random.Next(15, 60);
        var assetsWan = revenueWan * random.Next(50, 150) / 100;
        var rating = random.Next(20) switch
        {
            < 6 => TaxCreditRating.A,
            < 14 => TaxCreditRating.B,
            < 16 => TaxCreditRating.M,
            < 19 => TaxCreditRating.C,
            _ => TaxCreditRating.D,
        };
        var brand = Brands[codes.Count % Brands.Length] + Brands[codes.Count / Brands.Length % Brands.Length];
        var name = $"{Places[random.Next(Places.Length)]}{brand}{industry.Trade}有限公司";
        return new PlannedEnterprise(uscc, name, industry.Code, employees, revenueWan * 10_000_00L, assetsWan * 10_000_00L, random.Next(1, 25), rating, month);
    }
}

public sealed record PlannedApplication(
    PlannedEnterprise Enterprise, string BankId, bool Mortgage, long AmountFen, int TermMonths, int RateBp, Outcome Outcome, PlannedProgramme? Programme)
{
    // The market loop: the need broadcast and taken by its bank (instead of applied for), the bank's first
    // contact recorded before it decides, the rejection's code, and a rejected enterprise referring its need
    // on (to banks that, in this year, never take it).
    public bool Broadcast { get; init; }

    public bool Contact { get; init; }

    public string RejectionCode { get; init; } = "CASH_FLOW";

    public bool Refer { get; init; }

    // After the approval: how the loan's life goes (the bank records it month by month).
    public LoanLife Life { get; init; }
}

// An approved loan's year: paid as planned; one instalment missed and paid with the next (overdue for a
// month); a part repaid early beside the 4th instalment; or renewed without repayment at the 6th.
public enum LoanLife
{
    OnSchedule = 0,
    MissesOne = 1,
    RepaysEarly = 2,
    Renewed = 3,
}

public sealed record PlannedProgramme(string Key, string Name, int RateBp, long MaxPrincipalFen, IReadOnlyList<string> IndustryCodes)
{
    public static readonly IReadOnlyList<PlannedProgramme> District =
    [
        new("services", "服务业经营主体贷款贴息（财金〔2025〕81号）", 100, 10_000_000_00, ["F", "G", "H", "I"]),
        new("manufacturing", "运河区制造业和建筑业贷款贴息", 50, 5_000_000_00, ["C", "E"]),
    ];

    public bool Covers(string industryCode) => IndustryCodes.Any(c => FinanceMarket.Domain.IndustryCode.Covers(c, industryCode));
}
