using System.Text.Json.Serialization;

namespace FinanceMarket.IntegrationEvents;

// Which subsidy claim an event is about: the claim, its programme, the loan's application, enterprise, bank,
// region and industry, and the claimed amount.
public sealed record ClaimRef(string ClaimId, string ProgramId, string ApplicationId, string Uscc, string BankId, string RegionCode, string IndustryCode, long AmountFen);

// An event of one claim's life: its identity written flat beside the event's own fields, set from one ClaimRef.
public abstract record ClaimIntegrationEvent : IntegrationEvent
{
    public string ClaimId { get; init; } = string.Empty;

    public string ProgramId { get; init; } = string.Empty;

    public string ApplicationId { get; init; } = string.Empty;

    public string Uscc { get; init; } = string.Empty;

    public string BankId { get; init; } = string.Empty;

    public string RegionCode { get; init; } = string.Empty;

    public string IndustryCode { get; init; } = string.Empty;

    public long AmountFen { get; init; }

    [JsonIgnore]
    public ClaimRef About
    {
        get => new(ClaimId, ProgramId, ApplicationId, Uscc, BankId, RegionCode, IndustryCode, AmountFen);
        init => (ClaimId, ProgramId, ApplicationId, Uscc, BankId, RegionCode, IndustryCode, AmountFen) =
            (value.ClaimId, value.ProgramId, value.ApplicationId, value.Uscc, value.BankId, value.RegionCode, value.IndustryCode, value.AmountFen);
    }

    public override string OrderingKey => "claim:" + ClaimId;
}
