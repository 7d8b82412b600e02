namespace FinanceMarket.IntegrationEvents;

// A bank took a broadcast need: its application was created in the same change. WorkingMinutesToTake is
// counted from the broadcast on the working calendar (the scorecards' time to take).
public sealed record NeedTakenIntegrationEvent(
    string NeedId,
    int Round,
    string TakenOn,
    long WorkingMinutesToTake,
    bool Referral) : ApplicationIntegrationEvent;
