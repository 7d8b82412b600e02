namespace FinanceMarket.IntegrationEvents;

// An approved claim withdrawn before payment: its reservation is released.
public sealed record SubsidyClaimRejectedIntegrationEvent(
    string ClaimId,
    string ProgramId,
    string ApplicationId,
    string Uscc,
    string BankId,
    string RegionCode,
    string IndustryCode,
    long AmountFen,
    string Reason) : IntegrationEvent
{
    public override string OrderingKey => "claim:" + ClaimId;
}
