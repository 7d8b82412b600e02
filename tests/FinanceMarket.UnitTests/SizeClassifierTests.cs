namespace FinanceMarket.UnitTests;

public sealed class SizeClassifierTests
{
    private const long Wan = 1_000_000; // 1 万元 = 10,000 yuan = 1,000,000 fen

    [Theory]
    // Industry: large at 1000 staff and 40000 wan; medium ≥300 and ≥2000; small ≥20 and ≥300.
    [InlineData("C36", 1000, 40000, 0, SizeClass.Large)]
    [InlineData("C36", 999, 40000, 0, SizeClass.Medium)]
    [InlineData("C", 300, 2000, 0, SizeClass.Medium)]
    [InlineData("C", 300, 1999, 0, SizeClass.Small)]
    [InlineData("B06", 20, 300, 0, SizeClass.Small)]
    [InlineData("D44", 19, 300000, 0, SizeClass.Micro)]
    [InlineData("C13", 5000, 299, 0, SizeClass.Micro)]
    // Construction: revenue and assets; large 80000/80000, medium 6000/5000, small 300/300.
    [InlineData("E47", 0, 80000, 80000, SizeClass.Large)]
    [InlineData("E", 10000, 80000, 79999, SizeClass.Medium)]
    [InlineData("E", 0, 6000, 4999, SizeClass.Small)]
    [InlineData("E", 0, 299, 100000, SizeClass.Micro)]
    // Wholesale: 200/40000, 20/5000, 5/1000.
    [InlineData("F51", 200, 40000, 0, SizeClass.Large)]
    [InlineData("F51", 20, 5000, 0, SizeClass.Medium)]
    [InlineData("F51", 5, 1000, 0, SizeClass.Small)]
    [InlineData("F51", 4, 100000, 0, SizeClass.Micro)]
    // Retail: 300/20000, 50/500, 10/100.
    [InlineData("F52", 300, 20000, 0, SizeClass.Large)]
    [InlineData("F52", 50, 500, 0, SizeClass.Medium)]
    [InlineData("F52", 10, 100, 0, SizeClass.Small)]
    [InlineData("F52", 10, 99, 0, SizeClass.Micro)]
    // Software and IT services: 300/10000, 100/1000, 10/50.
    [InlineData("I65", 300, 10000, 0, SizeClass.Large)]
    [InlineData("I65", 100, 1000, 0, SizeClass.Medium)]
    [InlineData("I65", 10, 50, 0, SizeClass.Small)]
    [InlineData("I65", 9, 5000, 0, SizeClass.Micro)]
    // Catering (H62): 300/10000, 100/2000, 10/100.
    [InlineData("H62", 120, 1999, 0, SizeClass.Small)]
    // Agriculture: revenue alone, 20000 / 500 / 50.
    [InlineData("A01", 0, 500, 0, SizeClass.Medium)]
    // Leasing and business services: staff and assets, 300/120000, 100/8000, 10/100.
    [InlineData("L72", 150, 0, 8000, SizeClass.Medium)]
    // Real estate development (K701) vs property management (K702).
    [InlineData("K701", 0, 1000, 5000, SizeClass.Medium)]
    [InlineData("K702", 300, 1000, 0, SizeClass.Medium)]
    // Industries the standard does not list: staff alone, 300 / 100 / 10.
    [InlineData("M73", 300, 0, 0, SizeClass.Large)]
    [InlineData("P83", 100, 0, 0, SizeClass.Medium)]
    [InlineData("K", 10, 0, 0, SizeClass.Small)]
    [InlineData("Q84", 9, 999999, 999999, SizeClass.Micro)]
    public void Classifies_by_the_2011_standard(string industry, int staff, long revenueWan, long assetsWan, SizeClass expected) =>
        Assert.Equal(expected, SizeClassifier.Classify(industry, staff, revenueWan * Wan, assetsWan * Wan));

    [Fact]
    public void One_fen_below_a_threshold_drops_a_class()
    {
        Assert.Equal(SizeClass.Small, SizeClassifier.Classify("F52", 10, 100 * Wan, 0));
        Assert.Equal(SizeClass.Micro, SizeClassifier.Classify("F52", 10, (100 * Wan) - 1, 0));
    }

    [Theory]
    [InlineData("C36", "industry")]
    [InlineData("F5", "other industries")]
    [InlineData("F51", "wholesale")]
    [InlineData("G59", "warehousing")]
    [InlineData("G592", "warehousing")]
    [InlineData("G591", "transport")]
    [InlineData("G54", "transport")]
    [InlineData("G53", "other industries")]
    [InlineData("I6510", "software and IT services")]
    [InlineData("S94", "other industries")]
    public void The_longest_prefix_picks_the_group(string industry, string group) =>
        Assert.Equal(group, SizeClassifier.RuleFor(industry).Group);

    [Theory]
    [InlineData("F")]
    [InlineData("G")]
    [InlineData("G59")]
    [InlineData("H")]
    [InlineData("I")]
    [InlineData("K")]
    [InlineData("K70")]
    public void A_code_short_of_where_the_standard_splits_its_groups_is_refused(string industry) =>
        Assert.NotNull(SizeClassifier.AmbiguityProblem(industry));

    [Theory]
    [InlineData("C")]
    [InlineData("C36")]
    [InlineData("F52")]
    [InlineData("K702")]
    [InlineData("M73")]
    [InlineData("A")]
    public void A_code_inside_one_group_is_accepted(string industry) =>
        Assert.Null(SizeClassifier.AmbiguityProblem(industry));
}
