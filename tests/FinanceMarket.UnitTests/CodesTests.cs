namespace FinanceMarket.UnitTests;

public sealed class CodesTests
{
    [Theory]
    [InlineData("C")]
    [InlineData("C36")]
    [InlineData("c36")]
    [InlineData("K702")]
    [InlineData("I6510")]
    [InlineData("S96")]
    [InlineData("T97")]
    public void Valid_industry_codes(string code) => Assert.Null(IndustryCode.Problem(code));

    [Theory]
    [InlineData("")]
    [InlineData("Z")]
    [InlineData("C3")]
    [InlineData("C12")]
    [InlineData("F53")]
    [InlineData("C3X")]
    [InlineData("C361234")]
    [InlineData("S97")]
    [InlineData("T98")]
    public void Invalid_industry_codes_say_why(string code) => Assert.NotNull(IndustryCode.Problem(code));

    [Fact]
    public void Industry_and_region_prefixes_cover_what_is_under_them()
    {
        Assert.True(IndustryCode.Covers("C", "C36"));
        Assert.False(IndustryCode.Covers("C36", "C3"));
        Assert.True(RegionCode.Covers("1309", "130903"));
        Assert.False(RegionCode.Covers("1310", "130903"));
        Assert.Equal(["13", "1309", "130903"], RegionCode.Hierarchy("130903"));
        Assert.Equal(["13", "1309"], RegionCode.Hierarchy("1309"));
        Assert.Equal(["13"], RegionCode.Hierarchy("13"));
    }

    [Theory]
    [InlineData("130903", true, true)]
    [InlineData("1309", false, true)]
    [InlineData("13", false, true)]
    [InlineData("130", false, false)]
    [InlineData("030903", false, false)]
    [InlineData("13090a", false, false)]
    [InlineData("000000", false, false)] // no province has the digits 00
    [InlineData("990101", false, false)]
    [InlineData("1", false, false)] // a prefix that would cover five provinces
    [InlineData("820000", true, true)] // Macao
    public void Region_codes(string code, bool isRegion, bool isPrefix)
    {
        Assert.Equal(isRegion, RegionCode.IsRegion(code));
        Assert.Equal(isPrefix, RegionCode.IsPrefix(code));
    }

    // What a registration authority's code stands for: the bureau of a district, of a prefecture, of a
    // province, or the nation's (every region).
    [Theory]
    [InlineData("130903", "130903")]
    [InlineData("130900", "1309")]
    [InlineData("130000", "13")]
    [InlineData("100000", "")]
    public void A_registration_authority_stands_for_its_region(string authority, string region) =>
        Assert.Equal(region, RegionCode.Significant(authority));

    [Fact]
    public void Tax_ratings_order_best_first()
    {
        Assert.True(TaxCreditRating.A.MeetsMinimum(TaxCreditRating.B));
        Assert.True(TaxCreditRating.B.MeetsMinimum(TaxCreditRating.B));
        Assert.False(TaxCreditRating.M.MeetsMinimum(TaxCreditRating.B));
        Assert.True(TaxCreditRating.M.MeetsMinimum(TaxCreditRating.M));
        Assert.False(TaxCreditRating.C.MeetsMinimum(TaxCreditRating.M));
    }

    [Fact]
    public void Today_is_a_Shanghai_date()
    {
        // 2026-03-31 16:30 UTC is already 1 April in Beijing.
        var time = new FixedTime(new DateTimeOffset(2026, 3, 31, 16, 30, 0, TimeSpan.Zero));

        Assert.Equal(new DateOnly(2026, 4, 1), ChinaTime.Today(time));
    }
}

public sealed class SortableIdTests
{
    [Fact]
    public void Ids_made_in_one_millisecond_sort_in_the_order_they_were_made()
    {
        var frozen = new FixedTime(new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero));
        var ids = Enumerable.Range(0, 5000).Select(_ => SortableId.NewId(frozen)).ToList();

        Assert.Equal(ids, ids.Order(StringComparer.Ordinal));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Equal(7, Guid.Parse(id).Version));
    }
}

internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

public sealed class YearsInOperationTests
{
    [Theory]
    [InlineData("2015-06-01", "2026-11-28", 11)]
    [InlineData("2024-11-28", "2026-11-28", 2)]
    [InlineData("2024-11-29", "2026-11-28", 1)]
    [InlineData("2026-11-28", "2026-11-28", 0)]
    [InlineData("2027-01-01", "2026-11-28", 0)]
    [InlineData("2024-02-29", "2025-02-27", 0)]
    [InlineData("2024-02-29", "2025-02-28", 1)]
    [InlineData("2024-02-29", "2028-02-29", 4)]
    public void Whole_years_completed(string established, string today, int years) =>
        Assert.Equal(years, YearsInOperation.On(
            DateOnly.Parse(established, System.Globalization.CultureInfo.InvariantCulture),
            DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture)));
}
