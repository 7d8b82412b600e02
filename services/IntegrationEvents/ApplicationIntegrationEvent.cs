using System.Text.Json.Serialization;

namespace FinanceMarket.IntegrationEvents;

// Which application an event is about, and whose: the same six fields on every event of an application.
public sealed record ApplicationRef(string ApplicationId, string ProductId, string BankId, string Uscc, string RegionCode, string IndustryCode);

// An event of one application's life. Its identity is written flat beside the event's own fields (the
// JSON every subscriber reads is unchanged) and set from one ApplicationRef; its events keep their order.
public abstract record ApplicationIntegrationEvent : IntegrationEvent
{
    public string ApplicationId { get; init; } = string.Empty;

    public string ProductId { get; init; } = string.Empty;

    public string BankId { get; init; } = string.Empty;

    public string Uscc { get; init; } = string.Empty;

    public string RegionCode { get; init; } = string.Empty;

    public string IndustryCode { get; init; } = string.Empty;

    [JsonIgnore]
    public ApplicationRef About
    {
        get => new(ApplicationId, ProductId, BankId, Uscc, RegionCode, IndustryCode);
        init => (ApplicationId, ProductId, BankId, Uscc, RegionCode, IndustryCode) =
            (value.ApplicationId, value.ProductId, value.BankId, value.Uscc, value.RegionCode, value.IndustryCode);
    }

    public override string OrderingKey => "application:" + ApplicationId;
}
