namespace FinanceMarket.Domain;

// The numeric values equal those of the proto enums (0 there is UNSPECIFIED), so the services map
// between the two by value and the wire names by ToString().
public enum SizeClass
{
    LARGE = 1,
    MEDIUM = 2,
    SMALL = 3,
    MICRO = 4,
}

// Declared best first: a lower value is a better rating.
public enum TaxCreditRating
{
    A = 1,
    B = 2,
    M = 3,
    C = 4,
    D = 5,
}

public enum ProductKind
{
    CREDIT = 1,
    MORTGAGE = 2,
    GUARANTEE = 3,
    TAX_BASED = 4,
    PROCUREMENT = 5,
    IP_PLEDGE = 6,
    SUPPLY_CHAIN = 7,
}

public static class TaxCreditRatings
{
    // "Minimum B" admits A and B.
    public static bool MeetsMinimum(this TaxCreditRating rating, TaxCreditRating minimum) => rating <= minimum;
}
