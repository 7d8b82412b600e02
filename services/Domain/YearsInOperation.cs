namespace FinanceMarket.Domain;

public static class YearsInOperation
{
    // Whole years completed since establishment (Asia/Shanghai dates), as eligibility rules mean "years in
    // operation". The anniversary of a 29 February falls on 28 February in other years.
    public static int On(DateOnly established, DateOnly today)
    {
        if (today < established)
        {
            return 0;
        }

        var years = today.Year - established.Year;
        return established.AddYears(years) > today ? years - 1 : years;
    }
}
