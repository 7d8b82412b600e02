namespace FinanceMarket.IntegrationEvents;

// A payer's share of a subsidy (basis points of it) and the fen that share comes to; a claim's payer
// amounts add up to its amount exactly.
public sealed record PayerAmount(string Payer, int ShareBp, long AmountFen);
