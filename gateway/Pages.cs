using FinanceMarket.ServiceDefaults.Security;
using Microsoft.AspNetCore.Rewrite;

namespace FinanceMarket.Gateway;

// The web pages in wwwroot, served without a token (their scripts call the API with the user's own).
internal static class Pages
{
    // Every page loads its scripts and styles as files from this origin (no inline script, no CDN), so the
    // policy can refuse everything else: a script injected into a page could otherwise read the token. The one
    // other origin a page may call is the OpenID Connect issuer's, to redeem its sign-in code for a token.
    public static string ContentSecurityPolicy(string? issuerOrigin) =>
        $"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'{(issuerOrigin is null ? "" : " " + issuerOrigin)}; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static void UsePages(this WebApplication app)
    {
        var policy = ContentSecurityPolicy(PagesSignIn.IssuerOrigin(app.Services.GetRequiredService<AuthOptions>()));
        // Pages have routes without ".html", the way they are linked and written in the docs.
        app.UseRewriter(new RewriteOptions().AddRewrite("^(dashboard|enterprise|bank|official|operator|signin-callback|api-docs)/?$", "$1.html", skipRemainingRules: true));
        app.UseDefaultFiles();
        app.UseStaticFiles(new StaticFileOptions { OnPrepareResponse = file => AddHeaders(file.Context.Response.Headers, policy) });
    }

    private static void AddHeaders(IHeaderDictionary headers, string policy)
    {
        headers.ContentSecurityPolicy = policy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        // A new release's scripts must not meet an old page from the cache: revalidate (ETag) every time.
        headers.CacheControl = "no-cache";
    }
}
