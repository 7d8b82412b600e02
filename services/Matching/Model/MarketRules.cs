namespace FinanceMarket.Matching.Model;

// What the market loop's requests must satisfy; every failure names its field.
public static class MarketRules
{
    public const int DefaultMaxTakers = 3;
    public const int MaxMaxTakers = 5;
    public const int MaxNoteLength = 500;

    // A broadcast stays open to banks this many working days (Chongqing's 渝惠融 gives a taking bank 10).
    public const int OpenWorkingDays = 10;

    // The most products of one bank an opportunity lists.
    public const int MaxProductsPerOpportunity = 10;

    public static int ValidateBroadcast(bool consent, int maxTakers)
    {
        var violations = new Violations();
        violations.Require(consent, "consentToCreditQuery", Reasons.ConsentRequired,
            "must be true: each bank that takes the need may query the enterprise's credit record only with its consent");
        var max = MaxTakers(violations, maxTakers);
        violations.ThrowIfAny();
        return max;
    }

    public static int MaxTakers(Violations violations, int maxTakers)
    {
        if (maxTakers == 0)
        {
            return DefaultMaxTakers;
        }

        violations.Range("maxTakers", maxTakers, 1, MaxMaxTakers);
        return maxTakers;
    }

    public static ServicePromise ValidatePromise(string regionCode, int take, int contact, int decide, string by, DateTimeOffset at)
    {
        var violations = new Violations();
        violations.Require(RegionCode.IsPrefix(regionCode), "regionCode", Reasons.RegionPrefix, "must be a region code or its 2- or 4-digit prefix", ("got", Problem.Shown(regionCode)));
        violations.Range("takeWithinDays", take, 1, 10);
        violations.Range("contactWithinDays", contact, 1, 10);
        violations.Range("decideWithinDays", decide, 1, 30);
        if (contact is >= 1 and <= 10 && decide is >= 1 and <= 30 && contact > decide)
        {
            violations.Add("contactWithinDays", Reasons.AboveField, $"must not be later than the decision ({decide} working days); got {contact}",
                ("field", "decideWithinDays"), ("max", decide), ("got", contact));
        }

        violations.ThrowIfAny();
        return new ServicePromise(regionCode, take, contact, decide, by, at);
    }

    public static (ContactChannel Channel, string Note) ValidateContact(ContactChannel? channel, string? note)
    {
        var violations = new Violations();
        violations.Require(channel is not null, "channel", Reasons.NotOneOf, "must be PHONE, VISIT or ONLINE",
            ("allowed", Enum.GetValues<ContactChannel>().Select(c => c.Wire())));
        if (!string.IsNullOrEmpty(note))
        {
            violations.Text("note", note, MaxNoteLength);
        }

        violations.ThrowIfAny();
        return (channel!.Value, note?.Trim() ?? string.Empty);
    }

    public static (RejectionCode Code, string Reason) ValidateRejection(RejectionCode? code, string? reason)
    {
        var violations = new Violations();
        var codes = Enum.GetValues<RejectionCode>().Select(c => c.Wire()).ToList();
        violations.Require(code is not null, "code", Reasons.NotOneOf, "must be one of " + string.Join(", ", codes), ("allowed", codes));
        violations.Text("reason", reason, ApplicationRules.MaxReasonLength);
        violations.ThrowIfAny();
        return (code!.Value, reason!.Trim());
    }

    public static string ValidateText(string field, string? text, int max)
    {
        var violations = new Violations();
        violations.Text(field, text, max);
        violations.ThrowIfAny();
        return text!.Trim();
    }

    // The promise in force for a region: its own, else the nearest region above it that set one, else 1-3-5.
    public static ServicePromise PromiseFor(string regionCode, IReadOnlyList<ServicePromise> set) =>
        RegionCode.Hierarchy(regionCode).Reverse()
            .Select(r => set.FirstOrDefault(p => p.RegionCode == r))
            .FirstOrDefault(p => p is not null) ?? ServicePromise.Default;
}

// What each rejection code means and what would change it: shown to the enterprise with the bank's words.
public static class RejectionCodes
{
    public static (string Meaning, string WhatWouldChange) Explain(RejectionCode code) => code switch
    {
        RejectionCode.CashFlow => ("The bank judged the enterprise's cash flow too weak to service the loan.",
            "A smaller amount or longer term, more recent revenue, or a guarantee."),
        RejectionCode.Collateral => ("The bank required collateral or a guarantee that was not offered.",
            "Offering collateral or a guarantor, or a credit product that requires none."),
        RejectionCode.CreditHistory => ("The credit record of the enterprise or its owner did not meet the bank's standard.",
            "Settling overdue debts and reapplying once the record shows it, or a product for weaker records."),
        RejectionCode.EnforcementRecord => ("The enterprise or its owner is listed as a judgment debtor (被执行人/失信被执行人).",
            "Having the listing lifted by satisfying the judgment."),
        RejectionCode.IndustryPolicy => ("The bank does not lend to the enterprise's industry under its current policy.",
            "Another bank, or a product for the industry."),
        RejectionCode.Documents => ("The documents the bank needs were missing or did not agree.",
            "Providing the documents the bank named, then applying again."),
        RejectionCode.Amount => ("The amount asked for is more than the bank would lend to the enterprise.",
            "A smaller amount."),
        RejectionCode.Term => ("The term asked for does not suit the bank.",
            "A shorter or longer term within the product's range."),
        _ => ("The bank gave another reason, in its own words.", "See the bank's reason."),
    };
}
