using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace FinanceMarket.ServiceDefaults.Hosting;

// Every request is held to Extensions.MaxRequestBytes, except the few routes whose documented batches are
// larger (a credit-data import: 10,000 records, a penalty's Chinese description up to 500 characters each).
// The limit is raised for those paths alone, before anything reads the body, in the gateway and the service.
public static class LargeBodies
{
    public const int CreditImportBytes = 16 * 1024 * 1024;

    // The import's REST path and its gRPC method.
    public static readonly string[] CreditImportPaths = ["/api/v1/credit-data/imports", "/financemarket.credit.v1.Credit/ImportRecords"];

    public static IApplicationBuilder UseLargeBodies(this IApplicationBuilder app, IReadOnlyList<string> paths, long bytes) =>
        app.Use((context, next) =>
        {
            if (context.Request.Method == HttpMethods.Post && paths.Contains(context.Request.Path.Value, StringComparer.Ordinal)
                && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = bytes;
            }

            return next(context);
        });
}
