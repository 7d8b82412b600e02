using Google.Api;
using Google.Protobuf.Reflection;

namespace FinanceMarket.Gateway;

// The services' protos, compiled into the gateway for their descriptors: the REST routes they declare
// (google.api.http) classify requests for the rate limits and make the OpenAPI document.
internal static class Protos
{
    // Every proto under protos/ is compiled in (the project includes them all); the generated *Reflection
    // classes hold their descriptors, so a new service's proto needs no line here.
    public static IReadOnlyList<FileDescriptor> Files { get; } = typeof(Protos).Assembly.GetTypes()
        .Where(t => t.Name.EndsWith("Reflection", StringComparison.Ordinal) && t.Namespace?.StartsWith("FinanceMarket.", StringComparison.Ordinal) == true)
        .Select(t => t.GetProperty("Descriptor", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)?.GetValue(null) as FileDescriptor)
        .OfType<FileDescriptor>()
        .Where(f => f.Services.Count > 0)
        .OrderBy(f => f.Name, StringComparer.Ordinal)
        .ToList();

    public static IEnumerable<Google.Protobuf.Reflection.ServiceDescriptor> Services => Files.SelectMany(f => f.Services);

    // The method's REST verb and path template (proto parameter names), or null for a gRPC-only method.
    public static (string Verb, string Template, string Body)? RestRoute(MethodDescriptor method)
    {
        var rule = method.GetOptions()?.GetExtension(AnnotationsExtensions.Http);
        return rule switch
        {
            { Get.Length: > 0 } => ("get", rule.Get, rule.Body),
            { Post.Length: > 0 } => ("post", rule.Post, rule.Body),
            { Put.Length: > 0 } => ("put", rule.Put, rule.Body),
            { Delete.Length: > 0 } => ("delete", rule.Delete, rule.Body),
            { Patch.Length: > 0 } => ("patch", rule.Patch, rule.Body),
            _ => null,
        };
    }
}
