namespace FinanceMarket.UnitTests;

public sealed class UnifiedSocialCreditCodeTests
{
    [Fact]
    public void The_standard_example_checks_by_hand()
    {
        // 91350100M000100Y4 → values 9,1,3,5,0,1,0,0,21(M),0,0,0,1,0,0,30(Y),4; weights 1,3,9,…,28:
        // 9×1 + 1×3 + 3×9 + 5×27 + 0×19 + 1×26 + 0×16 + 0×17 + 21×20 + 0×29 + 0×25 + 0×13 + 1×8
        //   + 0×24 + 0×10 + 30×30 + 4×28 = 1640; 1640 mod 31 = 28; (31 − 28) mod 31 = 3 → '3'.
        Assert.Equal('3', UnifiedSocialCreditCode.CheckCharacter("91350100M000100Y4"));
        Assert.True(UnifiedSocialCreditCode.Check("91350100M000100Y43").IsValid);
    }

    [Theory]
    [InlineData("91440300708461136T")]
    [InlineData("91330100799655058B")]
    [InlineData("9144030071526726XG")]
    [InlineData("911101087109343570")]
    public void Registered_codes_pass(string code) => Assert.True(UnifiedSocialCreditCode.Check(code).IsValid);

    [Fact]
    public void Lower_case_and_spaces_are_normalised_not_refused()
    {
        var check = UnifiedSocialCreditCode.Check(" 91440300708461136t ");

        Assert.True(check.IsValid);
        Assert.Equal("91440300708461136T", check.Code);
    }

    [Theory]
    [InlineData("91350100M000100Y44", UsccProblem.CheckCharacter)]
    [InlineData("91350100M000100Y4", UsccProblem.Length)]
    [InlineData("91350100M000100Y433", UsccProblem.Length)]
    [InlineData("", UsccProblem.Length)]
    [InlineData("91350100M000100I43", UsccProblem.Alphabet)]
    [InlineData("91350100O000100Y43", UsccProblem.Alphabet)]
    [InlineData("9135010SM000100Y43", UsccProblem.Alphabet)]
    [InlineData("Z1350100M000100Y43", UsccProblem.Alphabet)]
    [InlineData("B1350100M000100Y43", UsccProblem.Structure)]
    [InlineData("94350100M000100Y43", UsccProblem.Structure)]
    [InlineData("913501A0M000100Y43", UsccProblem.Structure)]
    [InlineData("23350100M000100Y43", UsccProblem.Structure)]
    [InlineData("Y2350100M000100Y43", UsccProblem.Structure)]
    public void Bad_codes_say_what_is_wrong(string code, UsccProblem problem)
    {
        var check = UnifiedSocialCreditCode.Check(code);

        Assert.False(check.IsValid);
        Assert.Equal(problem, check.Problem);
        Assert.False(string.IsNullOrWhiteSpace(check.Message));
    }

    // Region digits that name no region are a structure problem (no override excuses it); a national
    // authority's 100000 is a region of its own kind.
    [Theory]
    [InlineData("000000", false)]
    [InlineData("990101", false)]
    [InlineData("100000", true)]
    [InlineData("110105", true)]
    public void Region_digits_must_name_a_region(string digits, bool valid)
    {
        var first17 = "91" + digits + "MA0A1234X";
        var check = UnifiedSocialCreditCode.Check(first17 + UnifiedSocialCreditCode.CheckCharacter(first17));

        Assert.Equal(valid ? UsccProblem.None : UsccProblem.Structure, check.Problem);
    }

    [Fact]
    public void A_failed_check_names_the_expected_character()
    {
        var check = UnifiedSocialCreditCode.Check("91350100M000100Y4A");

        Assert.Equal(UsccProblem.CheckCharacter, check.Problem);
        Assert.Equal('3', check.ExpectedCheckCharacter);
    }

    [Fact]
    public void Every_value_of_the_alphabet_can_be_a_check_character()
    {
        // The check is a bijection on the last position: for any 16-character stem, changing the 17th
        // character walks the check character through all 31 symbols.
        var seen = new HashSet<char>();
        foreach (var c in UnifiedSocialCreditCode.Alphabet)
        {
            seen.Add(UnifiedSocialCreditCode.CheckCharacter("9113090300000000" + c));
        }

        Assert.Equal(31, seen.Count);
    }
}
