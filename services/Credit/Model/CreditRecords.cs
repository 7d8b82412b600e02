namespace FinanceMarket.Credit.Model;

// Named as protoc names the proto's values, so the two map by name and number (ProtoEnums).
[WireNames]
public enum RecordKind
{
    Tax = 1,
    SocialInsurance = 2,
    Utility = 3,
    Enforcement = 4,
    Penalty = 5,
    Honor = 6,
}

[WireNames]
public enum Severity
{
    Minor = 1,
    Serious = 2,
}

// A record as a provider sent it, before any rule has read it: a field left out is null.
public sealed record RecordInput
{
    public string? Uscc { get; init; }

    public int? Year { get; init; }

    public long? TaxPaidFen { get; init; }

    public long? InvoicedRevenueFen { get; init; }

    // As sent: the rules read it as A, B, M, C or D and refuse the record on anything else.
    public string? TaxCreditRating { get; init; }

    public string? Month { get; init; }

    public int? InsuredEmployees { get; init; }

    public long? ElectricityKwh { get; init; }

    public bool? PaidOnTime { get; init; }

    public string? Court { get; init; }

    public string? CaseNumber { get; init; }

    public string? ListedOn { get; init; }

    public string? LiftedOn { get; init; }

    public long? AmountFen { get; init; }

    public bool Dishonest { get; init; }

    public string? Authority { get; init; }

    public string? DecidedOn { get; init; }

    // As sent: MINOR or SERIOUS.
    public string? Severity { get; init; }

    public string? Description { get; init; }

    public string? HonorKind { get; init; }
}

// The values of a record that passed its kind's rules; a kind's own fields are set, the others null.
public sealed record RecordValues
{
    public int? Year { get; init; }

    public long? TaxPaidFen { get; init; }

    public long? InvoicedRevenueFen { get; init; }

    public TaxCreditRating? TaxCreditRating { get; init; }

    // YYYY-MM.
    public string? Month { get; init; }

    public int? InsuredEmployees { get; init; }

    public long? ElectricityKwh { get; init; }

    public bool? PaidOnTime { get; init; }

    public string? Court { get; init; }

    public string? CaseNumber { get; init; }

    public DateOnly? ListedOn { get; init; }

    public DateOnly? LiftedOn { get; init; }

    public long? AmountFen { get; init; }

    public bool? Dishonest { get; init; }

    public string? Authority { get; init; }

    public DateOnly? DecidedOn { get; init; }

    public Severity? Severity { get; init; }

    public string? Description { get; init; }

    public string? HonorKind { get; init; }
}

// Who sent a record, in which batch, and when it arrived.
public sealed record RecordSource(string ProviderId, string BatchId, DateTimeOffset ReceivedAt);

// One kept record. Its key within the enterprise and kind (the year, the month, the case number, the
// honour and year) is what a later record replaces it by. Flags name the quality rules it tripped: a
// flagged record is shown, but not used as a verified value.
public sealed record StoredRecord(
    string Uscc,
    RecordKind Kind,
    string Key,
    string RegionCode,
    RecordValues Values,
    RecordSource Source,
    IReadOnlyList<string> Flags)
{
    public bool Flagged => Flags.Count > 0;
}

// A refused record (nothing of it kept) or a kept one with a flag, by its index in the batch.
public sealed record RecordProblem(int Index, string Field, string Message);
