using System.Reflection;
using System.Text.RegularExpressions;

namespace FinanceMarket.UnitTests.Validation;

// A client writes a refusal from its reason: docs/api.md must list every reason the services can give, and
// none they cannot.
public sealed partial class ReasonsDocumentedTests
{
    [GeneratedRegex(@"^\| `([A-Z][A-Z0-9_]+)` \|", RegexOptions.Multiline)]
    private static partial Regex DocumentedReason();

    [Fact]
    public void Every_reason_is_in_the_api_document_and_only_those()
    {
        var declared = typeof(Reasons).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToHashSet(StringComparer.Ordinal);
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "FinanceMarket.sln")))
        {
            root = root.Parent ?? throw new InvalidOperationException("No FinanceMarket.sln above the test's directory.");
        }

        var api = File.ReadAllText(Path.Combine(root.FullName, "docs", "api.md"));
        var section = api[api.IndexOf("### Field violations: a reason and its values", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n## ", StringComparison.Ordinal)];
        var documented = DocumentedReason().Matches(section).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

        Assert.Empty(declared.Except(documented).Order(StringComparer.Ordinal));
        Assert.Empty(documented.Except(declared).Order(StringComparer.Ordinal));
        Assert.True(declared.Count > 60, $"only {declared.Count} reasons read");
    }
}
