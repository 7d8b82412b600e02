namespace FinanceMarket.Notifications.Model;

// A notice in one line of Chinese, as an inbox, an SMS and a webhook show it: with the bank's and the
// enterprise's names where they are known (an unknown one shows as its id). The pages render the same
// facts in the reader's language from the notice's fields.
public static class NoticeText
{
    public static string Summary(Notice n, Func<string, string> nameOf)
    {
        var a = n.About;
        var bank = a.BankId is { Length: > 0 } b ? nameOf(Audience.Bank(b).Key) : "银行";
        var enterprise = a.EnterpriseName ?? (a.Uscc is { Length: > 0 } u ? nameOf(Audience.Enterprise(u).Key) : "企业");
        return n.Kind switch
        {
            NoticeKind.NeedTaken => $"{bank}已接单您的融资需求，将与您联系。",
            NoticeKind.ApplicationContacted => $"{bank}已通过{Channel(a.Code)}与您联系。",
            NoticeKind.ApplicationApproved => $"{bank}已批准您的申请，授信{Money.Yuan(a.AmountFen)}元。",
            NoticeKind.ApplicationRejected => $"{bank}未批准您的申请（{Rejection(a.Code)}）。可申请转介给其他银行。",
            NoticeKind.ApplicationExpired => $"{bank}未在{a.Day}前答复您的申请，申请已失效。可重新申请或发布需求。",
            NoticeKind.SubsidyPaid => $"贴息{Money.Yuan(a.AmountFen)}元已拨付。",
            NoticeKind.OpportunityDigest => $"{a.Day}有{n.Count}个新的融资需求适合贵行产品，可在“可接单需求”中查看。",
            NoticeKind.ApplicationReceived => $"收到{enterprise}的新申请，请于{a.Day}前审批。",
            NoticeKind.StepDueSoon => $"{enterprise}的申请需在{a.Day}前{Step(a.Code)}。",
            NoticeKind.StepOverdue => $"{bank}对{enterprise}的申请未按时{Step(a.Code)}（应于{a.Day}前）。",
            NoticeKind.BroadcastUntaken => $"{enterprise}发布的融资需求在{a.Day}前无银行接单。",
            NoticeKind.CreditDataRead when a.ReaderRole == "bank" => $"{bank}于{a.Day}经您的授权查询了您的信用信息。",
            NoticeKind.CreditDataRead => $"{a.RegionCode}监管部门于{a.Day}查阅了您的信用信息。",
            NoticeKind.CreditConsentGranted => $"{enterprise}授权贵行查询其信用信息（{Purpose(a.Code)}），有效期至{a.Day}。",
            NoticeKind.CreditConsentRevoked => $"{enterprise}已于{a.Day}撤回对贵行查询其信用信息的授权。",
            NoticeKind.CreditDataImported => $"{a.ProviderId}报送的信用数据（批次{a.BatchId}）有{a.Refused}条被拒收、{a.Flagged}条存疑，请核查。",
            _ => n.Kind.Wire(),
        };
    }

    private static string Purpose(string? code) => code == "PRE_CREDIT" ? "预授信" : "贷款审批";

    private static string Channel(string? code) => code switch
    {
        "PHONE" => "电话",
        "VISIT" => "上门",
        "ONLINE" => "线上",
        _ => "其他方式",
    };

    private static string Step(string? code) => code switch
    {
        "TAKE" => "接单",
        "CONTACT" => "首次联系",
        "DECIDE" => "审批",
        _ => "办理",
    };

    private static string Rejection(string? code) => code switch
    {
        "CASH_FLOW" => "现金流不足",
        "COLLATERAL" => "缺少抵押或担保",
        "CREDIT_HISTORY" => "信用记录不良",
        "ENFORCEMENT_RECORD" => "有被执行记录",
        "INDUSTRY_POLICY" => "行业政策限制",
        "DOCUMENTS" => "材料不全或不符",
        "AMOUNT" => "金额过高",
        "TERM" => "期限不合适",
        _ => "其他原因",
    };
}
