namespace FinanceMarket.Domain;

// Named as protoc names the proto enums' values in C#, so the two map by name (ProtoEnums); the numbers are
// the protos' too (0 there is Unspecified), which the shelf index uses as array positions. Outside the
// process they are written as the protos spell them: SMALL, TAX_BASED (WireNames).
[WireNames]
public enum SizeClass
{
    Large = 1,
    Medium = 2,
    Small = 3,
    Micro = 4,
}

// Declared best first: a lower value is a better rating.
[WireNames]
public enum TaxCreditRating
{
    A = 1,
    B = 2,
    M = 3,
    C = 4,
    D = 5,
}

[WireNames]
public enum ProductKind
{
    Credit = 1,
    Mortgage = 2,
    Guarantee = 3,
    TaxBased = 4,
    Procurement = 5,
    IpPledge = 6,
    SupplyChain = 7,
}

public static class TaxCreditRatings
{
    // "Minimum B" admits A and B.
    public static bool MeetsMinimum(this TaxCreditRating rating, TaxCreditRating minimum) => rating <= minimum;
}
