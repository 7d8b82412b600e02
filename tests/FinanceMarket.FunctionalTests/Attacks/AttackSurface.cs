using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using FinanceMarket.TestInfrastructure;
using FinanceMarket.FunctionalTests.Subsidies;
using Microsoft.Extensions.DependencyInjection;

namespace FinanceMarket.FunctionalTests.Attacks;

// What an attacker tries the platform with: every REST route, every kind of caller, and the objects the
// routes name. The authorization matrix and the hostile-input corpus both read it.
internal static class AttackSurface
{
    // The kinds of caller, in the table's column order.
    public static readonly string[] Callers =
        ["anonymous", "owner", "other enterprise", "owner bank", "other bank", "official", "other region", "parent region", "province", "operator", "provider"];

    // "200": allowed, and answered; "ok": allowed (a write whose answer depends on the state it finds:
    // 200, 400, 404, 409, never 401, 403 or 5xx); "401"/"403": refused. Columns as in Callers:
    //                  anon   own    oEnt   bank   oBank  off    oReg   par    prov   oper   data
    public static readonly (string Route, string Expected)[] Table =
    [
        ("POST /api/v1/banks",                                                 "401 403 403 403 403 403 403 403 ok  ok  403"),
        ("GET /api/v1/banks/{bankId}",                                         "401 200 200 200 200 200 200 200 200 200 403"),
        ("GET /api/v1/banks",                                                  "401 200 200 200 200 200 200 200 200 200 403"),
        ("PUT /api/v1/banks/{bankId}",                                         "401 403 403 403 403 403 403 403 ok  ok  403"),
        ("POST /api/v1/banks/{bankId}/products",                               "401 403 403 ok  403 403 403 403 403 403 403"),
        ("PUT /api/v1/banks/{bankId}/products/{productId}",                    "401 403 403 ok  403 403 403 403 403 403 403"),
        ("POST /api/v1/banks/{bankId}/products/{productId}:delist",            "401 403 403 ok  403 403 403 403 403 403 403"),
        ("POST /api/v1/products/{productId}:moderate",                         "401 403 403 403 403 ok  403 ok  ok  403 403"),
        ("GET /api/v1/products/{productId}",                                   "401 200 200 200 200 200 200 200 200 200 403"),
        ("GET /api/v1/products",                                               "401 200 200 200 200 200 200 200 200 200 403"),
        ("POST /api/v1/enterprises",                                           "401 ok  403 403 403 ok  403 ok  ok  403 403"),
        ("GET /api/v1/enterprises/{uscc}",                                     "401 200 403 403 403 200 403 200 200 403 403"),
        ("POST /api/v1/enterprises/{uscc}:correct",                            "401 403 403 403 403 ok  403 ok  ok  403 403"),
        ("GET /api/v1/enterprises",                                            "401 403 403 403 403 200 200 200 200 403 403"),
        ("GET /api/v1/industries",                                             "401 200 200 200 200 200 200 200 200 200 403"),
        ("GET /api/v1/regions",                                                "401 200 200 200 200 200 200 200 200 200 403"),
        ("POST /api/v1/financing-needs",                                       "401 ok  403 403 403 403 403 403 403 403 403"),
        ("GET /api/v1/financing-needs/{needId}",                               "401 200 403 403 403 200 403 200 200 403 403"),
        ("GET /api/v1/financing-needs/{needId}/products/{productId}",          "401 200 403 403 403 200 403 200 200 403 403"),
        ("POST /api/v1/applications",                                          "401 ok  403 403 403 403 403 403 403 403 403"),
        ("GET /api/v1/applications/{applicationId}",                           "401 200 403 200 403 200 403 200 200 403 403"),
        ("GET /api/v1/banks/{bankId}/applications",                            "401 403 403 200 403 403 403 403 403 403 403"),
        ("POST /api/v1/applications/{applicationId}:approve",                  "401 403 403 ok  403 403 403 403 403 403 403"),
        ("POST /api/v1/applications/{applicationId}:reject",                   "401 403 403 ok  403 403 403 403 403 403 403"),
        ("GET /api/v1/enterprises/{uscc}/applications",                        "401 200 403 403 403 403 403 403 403 403 403"),
        ("POST /api/v1/financing-needs/{needId}:broadcast",                    "401 ok  403 403 403 403 403 403 403 403 403"),
        ("GET /api/v1/financing-needs/{needId}/broadcast",                     "401 200 403 403 403 200 403 200 200 403 403"),
        ("POST /api/v1/financing-needs/{needId}:withdrawBroadcast",            "401 ok  403 403 403 403 403 403 403 403 403"),
        ("GET /api/v1/banks/{bankId}/opportunities",                           "401 403 403 200 403 403 403 403 403 403 403"),
        ("POST /api/v1/financing-needs/{needId}:take",                         "401 403 403 ok  403 403 403 403 403 403 403"),
        ("POST /api/v1/applications/{applicationId}:contact",                  "401 403 403 ok  403 403 403 403 403 403 403"),
        ("POST /api/v1/applications/{applicationId}:withdraw",                 "401 ok  403 403 403 403 403 403 403 403 403"),
        ("POST /api/v1/applications/{applicationId}:refer",                    "401 ok  403 403 403 403 403 403 403 403 403"),
        ("GET /api/v1/service-promises/{regionCode}",                          "401 200 200 200 200 200 200 200 200 200 403"),
        ("PUT /api/v1/service-promises/{regionCode}",                          "401 403 403 403 403 ok  403 ok  ok  403 403"),
        ("GET /api/v1/supervision",                                            "401 403 403 403 403 200 200 200 200 403 403"),
        ("POST /api/v1/supervision/{stepId}/notes",                            "401 403 403 403 403 ok  403 ok  ok  403 403"),
        ("GET /api/v1/enterprises/{uscc}/recommendations",                     "401 200 403 403 403 200 403 200 200 403 403"),
        ("GET /api/v1/banks/{bankId}/products/{productId}/reach",              "401 403 403 200 403 403 403 403 403 403 403"),
        ("GET /api/v1/applications",                                           "401 403 403 403 403 200 200 200 200 403 403"),
        ("GET /api/v1/working-calendar/{year}",                                "401 200 200 200 200 200 200 200 200 200 403"),
        ("PUT /api/v1/working-calendar/{year}",                                "401 403 403 403 403 403 403 403 403 ok  403"),
        ("POST /api/v1/lpr",                                                   "401 403 403 403 403 403 403 403 403 ok  403"),
        ("PUT /api/v1/lpr/{effectiveOn}",                                      "401 403 403 403 403 403 403 403 403 ok  403"),
        ("GET /api/v1/lpr",                                                    "401 ok  ok  ok  ok  ok  ok  ok  ok  ok  403"),
        ("POST /api/v1/subsidy-programs",                                      "401 403 403 403 403 ok  403 ok  ok  403 403"),
        ("GET /api/v1/subsidy-programs/{programId}",                           "401 200 200 200 200 200 200 200 200 200 403"),
        ("GET /api/v1/subsidy-programs",                                       "401 200 200 200 200 200 200 200 200 200 403"),
        ("PUT /api/v1/subsidy-programs/{programId}",                           "401 403 403 403 403 ok  403 ok  ok  403 403"),
        ("POST /api/v1/subsidy-programs/{programId}:close",                    "401 403 403 403 403 ok  403 ok  ok  403 403"),
        ("POST /api/v1/subsidy-claims",                                        "401 ok  403 ok  403 403 403 403 403 403 403"),
        ("POST /api/v1/subsidy-claims:quote",                                  "401 ok  403 ok  403 403 403 403 403 403 403"),
        ("GET /api/v1/subsidy-claims/{claimId}",                               "401 200 403 200 403 200 403 200 200 403 403"),
        ("GET /api/v1/subsidy-claims",                                         "401 200 200 200 200 200 200 200 200 403 403"),
        // Paid first, while the claim is still PENDING: every official allowed gets 409, not the four-eyes 403.
        ("POST /api/v1/subsidy-claims/{claimId}:pay",                          "401 403 403 403 403 ok  403 ok  ok  403 403"),
        ("POST /api/v1/subsidy-claims/{claimId}:approve",                      "401 403 403 403 403 ok  403 ok  ok  403 403"),
        ("POST /api/v1/subsidy-claims/{claimId}:reject",                       "401 403 403 403 403 ok  403 ok  ok  403 403"),
        ("GET /api/v1/audit",                                                  "401 403 403 403 403 200 200 200 200 200 403"),
        ("POST /api/v1/audit:verify",                                          "401 403 403 403 403 403 403 403 403 200 403"),
        ("GET /api/v1/totals",                                                 "401 403 403 403 403 200 200 200 200 403 403"),
        ("GET /api/v1/totals/breakdown",                                       "401 403 403 403 403 200 200 200 200 403 403"),
        ("GET /api/v1/reports/monthly",                                        "401 403 403 403 403 200 200 200 200 403 403"),
        ("POST /api/v1/totals:reconcile",                                      "401 403 403 403 403 ok  ok  ok  ok  403 403"),
        ("GET /api/v1/notifications",                                          "401 200 200 200 200 200 200 200 200 403 403"),
        ("POST /api/v1/notifications/{notificationId}:read",                   "401 ok  403 403 403 403 403 403 403 403 403"),
        ("PUT /api/v1/banks/{bankId}/webhook",                                 "401 403 403 ok  403 403 403 403 403 403 403"),
        ("GET /api/v1/banks/{bankId}/webhook",                                 "401 403 403 ok  403 403 403 403 403 403 403"),
        ("DELETE /api/v1/banks/{bankId}/webhook",                              "401 403 403 ok  403 403 403 403 403 403 403"),
        ("GET /api/v1/banks/{bankId}/webhook/deliveries",                      "401 403 403 200 403 403 403 403 403 403 403"),
        ("PUT /api/v1/notifications/sms",                                      "401 ok  ok  ok  ok  403 403 403 403 403 403"),
        ("GET /api/v1/notifications/sms",                                      "401 200 200 200 200 403 403 403 403 403 403"),
        ("DELETE /api/v1/notifications/sms",                                   "401 ok  ok  ok  ok  403 403 403 403 403 403"),
        ("GET /api/v1/banks/{bankId}/scorecard",                               "401 403 403 200 403 200 403 200 200 403 403"),
        ("POST /api/v1/credit-data/imports",                                   "401 403 403 403 403 ok  ok  ok  ok  403 ok"),
        ("GET /api/v1/credit-data/imports",                                    "401 403 403 403 403 200 200 200 200 403 200"),
        ("POST /api/v1/enterprises/{uscc}/consents",                           "401 ok  403 403 403 403 403 403 403 403 403"),
        ("GET /api/v1/enterprises/{uscc}/consents",                            "401 200 403 200 200 200 403 200 200 403 403"),
        ("POST /api/v1/enterprises/{uscc}/consents/{consentId}:revoke",        "401 ok  403 403 403 403 403 403 403 403 403"),
        ("GET /api/v1/enterprises/{uscc}/credit-profile",                      "401 200 403 200 403 200 403 200 200 403 403"),
        ("GET /api/v1/enterprises/{uscc}/credit-profile/reads",                "401 200 403 403 403 200 403 200 200 403 403"),
        ("GET /api/v1/enterprises/{uscc}/pre-credit",                          "401 200 403 200 403 200 403 200 200 403 403"),
        ("GET /api/v1/credit-data/discrepancies",                              "401 403 403 403 403 200 200 200 200 403 403"),
        ("GET /api/v1/credit-data/flagged",                                    "401 403 403 403 403 200 200 200 200 403 200"),
        ("GET /api/v1/scorecards",                                             "401 403 403 403 403 200 200 200 200 403 403"),
        ("POST /api/v1/loans/{loanId}/disbursements",                          "401 403 403 ok  403 403 403 403 403 403 403"),
        ("PUT /api/v1/loans/{loanId}/schedule",                                "401 403 403 ok  403 403 403 403 403 403 403"),
        ("POST /api/v1/loans/{loanId}/repayments",                             "401 403 403 ok  403 403 403 403 403 403 403"),
        ("POST /api/v1/loans/{loanId}:renew",                                  "401 403 403 ok  403 403 403 403 403 403 403"),
        ("POST /api/v1/loans/{loanId}:settle",                                 "401 403 403 ok  403 403 403 403 403 403 403"),
        ("POST /api/v1/loans/{loanId}:write-off",                              "401 403 403 ok  403 403 403 403 403 403 403"),
        ("GET /api/v1/loans/{loanId}",                                         "401 200 403 200 403 200 403 200 200 403 403"),
        ("GET /api/v1/loans",                                                  "401 200 200 200 200 200 200 200 200 403 403"),
    ];

    // The first kind of caller the table allows on the route (the one the hostile corpus sends as, so that
    // what refuses it is the input, not the role).
    public static string AllowedCaller(string route)
    {
        var expected = Table.Single(t => t.Route == route).Expected.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return Callers[Array.FindIndex(expected, e => e is "200" or "ok")];
    }
}

    // The objects the routes name, and a client for each kind of caller.
internal sealed class World
{
    private int _unique;

    public required Dictionary<string, HttpClient> Clients { get; init; }

    public required Dictionary<string, string> Subjects { get; init; }

    public required SubsidyScenario Scenario { get; init; }

    public required string NeedId { get; init; }

    public required string ProgramId { get; init; }

    public required string ClaimId { get; init; }

    public required string DelistedProductId { get; init; }

    public required string ModeratedProductId { get; init; }

    public required long ProductVersion { get; init; }

    // A step of the promise of the owner's application (met, so not on the supervision list).
    public required string StepId { get; init; }

    // A notice in the owner's inbox (the approval of its application).
    public required string NotificationId { get; init; }

    // A consent the owner gave its bank to read its credit data.
    public required string ConsentId { get; init; }

    // The loan opened at the approval of the owner's application, and the day its ledger may be written on.
    public required string LoanId { get; init; }

    public required string LoanDay { get; init; }

    public static async Task<World> CreateAsync(Platform platform)
    {
        var scenario = await SubsidyScenario.CreateAsync(platform);
        var deal = scenario.Deal;
        var programId = await scenario.CreateProgrammeAsync();
        var (status, claim) = await scenario.Enterprise.SendJsonAsync("/api/v1/subsidy-claims", scenario.Claim(programId, 0, 91));
        Assert.True(status == HttpStatusCode.OK, claim.ToJsonString());
        var need = await deal.NeedAsync();
        var (broadcast, broadcastBody) = await deal.Enterprise.SendJsonAsync($"/api/v1/financing-needs/{(string)need["needId"]!}:broadcast", new { consentToCreditQuery = true });
        Assert.True(broadcast == HttpStatusCode.OK, broadcastBody.ToJsonString());
        var (_, application) = await deal.Enterprise.GetJsonAsync($"/api/v1/applications/{scenario.ApplicationId}");
        var steps = await platform.Matching.App.Services.GetRequiredService<FinanceMarket.Matching.Model.IMatchingStore>()
            .StepsOfNeedAsync((string)application["needId"]!, TestContext.Current.CancellationToken);
        var regional = Api.Product("Regional loan");
        regional["eligibility"]!["regionCodes"] = new JsonArray("130903");
        var delisted = (string)(await platform.ListProductAsync(deal.BankId, regional))["productId"]!;
        var moderated = (string)(await platform.ListProductAsync(deal.BankId, regional))["productId"]!;
        var (_, product) = await deal.Bank.GetJsonAsync($"/api/v1/products/{deal.ProductId}");

        var otherUscc = TestData.NewUscc("130903");
        var otherBank = await platform.CreateBankAsync();
        var subjects = new Dictionary<string, string>
        {
            ["owner"] = deal.Uscc, ["other enterprise"] = otherUscc, ["owner bank"] = deal.BankId, ["other bank"] = otherBank,
        };
        var clients = new Dictionary<string, HttpClient>
        {
            ["anonymous"] = platform.Rest(),
            ["owner"] = deal.Enterprise,
            ["other enterprise"] = platform.Rest(await platform.TokenAsync("enterprise", otherUscc)),
            ["owner bank"] = deal.Bank,
            ["other bank"] = platform.Rest(await platform.TokenAsync("bank", otherBank)),
            ["official"] = platform.Rest(await platform.OfficialAsync("130903")),
            ["other region"] = platform.Rest(await platform.OfficialAsync("131102")),
            ["parent region"] = platform.Rest(await platform.OfficialAsync("1309")),
            ["province"] = platform.Rest(await platform.OfficialAsync("13")),
            ["operator"] = platform.Rest(await platform.TokenAsync("operator", "operator-" + Guid.NewGuid().ToString("N")[..6])),
            ["provider"] = platform.Rest(await platform.TokenAsync("provider", "tax-1309", "1309")),
        };
        Assert.Equal(HttpStatusCode.OK, (await clients["other enterprise"].SendJsonAsync("/api/v1/enterprises", Api.Enterprise(otherUscc))).Status);
        // The approval reaches the owner's inbox by its event.
        string? notificationId = null;
        for (var deadline = DateTime.UtcNow.AddSeconds(20); notificationId is null && DateTime.UtcNow < deadline; await Task.Delay(100, TestContext.Current.CancellationToken))
        {
            var (_, inbox) = await deal.Enterprise.GetJsonAsync("/api/v1/notifications");
            notificationId = (string?)inbox["notifications"]?.AsArray().FirstOrDefault()?["notificationId"];
        }

        Assert.NotNull(notificationId);
        var (granted, consent) = await deal.Enterprise.SendJsonAsync($"/api/v1/enterprises/{deal.Uscc}/consents", new { bankId = deal.BankId, purpose = "PRE_CREDIT" });
        Assert.True(granted == HttpStatusCode.OK, consent.ToJsonString());
        // The approval opens the loan by its event.
        var loanId = FinanceMarket.Domain.LoanIds.ForApplication(scenario.ApplicationId);
        JsonNode? loan = null;
        for (var deadline = DateTime.UtcNow.AddSeconds(20); loan is null && DateTime.UtcNow < deadline; await Task.Delay(100, TestContext.Current.CancellationToken))
        {
            var (found, body) = await deal.Bank.GetJsonAsync($"/api/v1/loans/{loanId}");
            loan = found == HttpStatusCode.OK ? body : null;
        }

        Assert.NotNull(loan);
        return new World
        {
            Clients = clients, Subjects = subjects, Scenario = scenario, NeedId = (string)need["needId"]!, ProgramId = programId,
            ClaimId = (string)claim["claimId"]!, DelistedProductId = delisted, ModeratedProductId = moderated, ProductVersion = (long)product["version"]!,
            StepId = steps.First(s => s.ApplicationId == scenario.ApplicationId).StepId, NotificationId = notificationId,
            ConsentId = (string)consent["consentId"]!, LoanId = loanId, LoanDay = (string)loan["balanceOn"]!,
        };
    }

    // The route's path with the world's ids, and a body valid enough that only who asks decides.
    public (string Path, object? Body) Request(string method, string template, string caller)
    {
        var n = Interlocked.Increment(ref _unique);
        var deal = Scenario.Deal;
        var productId = template.EndsWith(":delist", StringComparison.Ordinal) ? DelistedProductId
            : template.EndsWith(":moderate", StringComparison.Ordinal) ? ModeratedProductId
            : deal.ProductId;
        var path = template
            .Replace("{bankId}", deal.BankId, StringComparison.Ordinal)
            .Replace("{productId}", productId, StringComparison.Ordinal)
            .Replace("{uscc}", deal.Uscc, StringComparison.Ordinal)
            .Replace("{needId}", NeedId, StringComparison.Ordinal)
            .Replace("{applicationId}", Scenario.ApplicationId, StringComparison.Ordinal)
            .Replace("{programId}", ProgramId, StringComparison.Ordinal)
            .Replace("{claimId}", ClaimId, StringComparison.Ordinal)
            .Replace("{year}", "2099", StringComparison.Ordinal)
            .Replace("{regionCode}", "130903", StringComparison.Ordinal)
            .Replace("{stepId}", StepId, StringComparison.Ordinal)
            .Replace("{notificationId}", NotificationId, StringComparison.Ordinal)
            .Replace("{consentId}", ConsentId, StringComparison.Ordinal)
            .Replace("{loanId}", LoanId, StringComparison.Ordinal)
            .Replace("{effectiveOn}", "2001-01-01", StringComparison.Ordinal);
        object? body = (method, template) switch
        {
            ("POST", "/api/v1/banks") => new { bankId = TestData.NewBankId(), name = "Matrix bank" },
            ("PUT", "/api/v1/banks/{bankId}") => new { name = $"Matrix bank {n}", reason = "matrix" },
            ("POST", "/api/v1/banks/{bankId}/products") => Api.Product("Matrix loan"),
            ("PUT", "/api/v1/banks/{bankId}/products/{productId}") => Listing(ProductVersion),
            ("POST", "/api/v1/enterprises") => Api.Enterprise(deal.Uscc),
            ("POST", "/api/v1/enterprises/{uscc}:correct") => new { employees = 40 + n, reason = "matrix" },
            ("POST", "/api/v1/financing-needs") => new { uscc = deal.Uscc, amountFen = 50_000_000, termMonths = 12, purpose = "Matrix" },
            ("POST", "/api/v1/applications") => new { needId = NeedId, productId = deal.ProductId, consentToCreditQuery = true },
            ("POST", "/api/v1/applications/{applicationId}:approve") => Matching.MatchingScenario.Approval(),
            ("POST", "/api/v1/applications/{applicationId}:reject") => new { code = "OTHER", reason = "matrix" },
            ("POST", "/api/v1/financing-needs/{needId}:broadcast") => new { consentToCreditQuery = true, maxTakers = 3 },
            ("POST", "/api/v1/financing-needs/{needId}:take") => new { bankId = deal.BankId, productId = deal.ProductId },
            ("POST", "/api/v1/applications/{applicationId}:contact") => new { channel = "PHONE", note = "matrix" },
            ("POST", "/api/v1/applications/{applicationId}:withdraw") => new { reason = "matrix" },
            ("PUT", "/api/v1/service-promises/{regionCode}") => new { takeWithinDays = 1, contactWithinDays = 3, decideWithinDays = 5 },
            ("POST", "/api/v1/supervision/{stepId}/notes") => new { text = "matrix" },
            ("PUT", "/api/v1/banks/{bankId}/webhook") => new { url = "http://127.0.0.1:9/matrix", secret = "matrix-secret-0123456789" },
            ("PUT", "/api/v1/notifications/sms") => new { phone = "13800138000" },
            ("PUT", "/api/v1/working-calendar/{year}") => new { holidays = new[] { "2099-01-01" }, workingWeekendDays = Array.Empty<string>(), source = "matrix", reason = "matrix" },
            ("POST", "/api/v1/lpr") => new { effectiveOn = new DateOnly(2000, 1, 1).AddDays(Random.Shared.Next(0, 365)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), oneYearBp = 400, fiveYearBp = 450 },
            ("PUT", "/api/v1/lpr/{effectiveOn}") => new { oneYearBp = 401, fiveYearBp = 451, reason = "matrix" },
            ("POST", "/api/v1/subsidy-programs") => WithRegion(SubsidyScenario.Programme()),
            ("PUT", "/api/v1/subsidy-programs/{programId}") => WithVersion(WithRegion(SubsidyScenario.Programme())),
            ("POST", "/api/v1/subsidy-programs/{programId}:close") => new { reason = "matrix" },
            ("POST", "/api/v1/subsidy-claims") or ("POST", "/api/v1/subsidy-claims:quote") => Scenario.Claim(ProgramId, 91, 182),
            ("POST", "/api/v1/subsidy-claims/{claimId}:reject") => new { reason = "matrix" },
            ("POST", "/api/v1/products/{productId}:moderate") => new { reason = "matrix" },
            ("POST", "/api/v1/credit-data/imports") => new
            {
                batchId = $"matrix-{n}", kind = "TAX", records = new[] { new { uscc = deal.Uscc, year = 2025, taxPaidFen = 100, invoicedRevenueFen = 1000 } },
            },
            ("POST", "/api/v1/enterprises/{uscc}/consents") => new { bankId = deal.BankId, purpose = "PRE_CREDIT" },
            ("POST", "/api/v1/loans/{loanId}/disbursements") => new { on = LoanDay, amountFen = 100 },
            ("PUT", "/api/v1/loans/{loanId}/schedule") => new { kind = "EQUAL_PRINCIPAL", termMonths = 12 },
            ("POST", "/api/v1/loans/{loanId}/repayments") => new { on = LoanDay, principalFen = 1, interestFen = 0 },
            ("POST", "/api/v1/loans/{loanId}:renew") => new { newTermMonths = 12, renewalKind = "NO_REPAYMENT_RENEWAL", rateBp = 380 },
            ("POST", "/api/v1/loans/{loanId}:settle") => new { on = LoanDay },
            ("POST", "/api/v1/loans/{loanId}:write-off") => new { on = LoanDay, reason = "matrix" },
            ("POST", "/api/v1/totals:reconcile") => new { regionCode = caller == "other region" ? "131102" : "130903" },
            ("POST", _) => new { },
            ("PUT", _) => new { },
            _ => null,
        };
        // A query that is valid, so that only who asks decides.
        path += template switch
        {
            "/api/v1/totals/breakdown" => "?by=BANK",
            "/api/v1/reports/monthly" => "?month=2026-11",
            "/api/v1/banks/{bankId}/scorecard" => "?regionCode=130903",
            _ => "",
        };
        return (path, body);
    }

    private static JsonObject WithRegion(JsonObject programme)
    {
        programme["regionCode"] = "130903";
        return programme;
    }

    // An edit's version as first read: stale once the world's claim moved it on, which the table allows.
    private static JsonObject WithVersion(JsonObject programme)
    {
        programme["expectedVersion"] = 1;
        return programme;
    }

    private static JsonObject Listing(long version)
    {
        var listing = Api.Product("Matrix edit");
        listing["expectedVersion"] = version;
        return listing;
    }
}
