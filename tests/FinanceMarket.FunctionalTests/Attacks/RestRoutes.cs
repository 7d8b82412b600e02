using Google.Api;
using Google.Protobuf.Reflection;

namespace FinanceMarket.FunctionalTests.Attacks;

// Every REST route the services transcode, read from the protos' HttpRules ("POST /api/v1/banks",
// parameters in docs/api.md's camelCase), with the method's request message.
public static class RestRoutes
{
    // The service protos compiled into this project (each service's own, with its package in the topology).
    public static IReadOnlyList<FileDescriptor> Files { get; } = typeof(RestRoutes).Assembly.GetTypes()
        .Where(t => t.Name.EndsWith("Reflection", StringComparison.Ordinal) && t.Namespace?.StartsWith("FinanceMarket.", StringComparison.Ordinal) == true)
        .Select(t => t.GetProperty("Descriptor")?.GetValue(null) as FileDescriptor)
        .OfType<FileDescriptor>()
        .Where(f => f.Services.Count > 0)
        .OrderBy(f => f.Name, StringComparer.Ordinal)
        .ToList();

    public static IEnumerable<(string Verb, string Template, MethodDescriptor Method)> Methods =>
        from service in Files.SelectMany(f => f.Services)
        from method in service.Methods
        let rule = method.GetOptions()?.GetExtension(AnnotationsExtensions.Http)
        where rule is not null
        let verb = !string.IsNullOrEmpty(rule.Get) ? "GET" : !string.IsNullOrEmpty(rule.Post) ? "POST" : !string.IsNullOrEmpty(rule.Put) ? "PUT"
            : !string.IsNullOrEmpty(rule.Delete) ? "DELETE" : "PATCH"
        let path = rule.Get is { Length: > 0 } g ? g : rule.Post is { Length: > 0 } p ? p : rule.Put is { Length: > 0 } u ? u : rule.Delete is { Length: > 0 } d ? d : rule.Patch
        select (verb, CamelCase(path), method);

    public static IReadOnlyList<string> All => [.. Methods.Select(m => $"{m.Verb} {m.Template}")];

    private static string CamelCase(string template) =>
        System.Text.RegularExpressions.Regex.Replace(template, "_([a-z])", m => m.Groups[1].Value.ToUpperInvariant());
}
