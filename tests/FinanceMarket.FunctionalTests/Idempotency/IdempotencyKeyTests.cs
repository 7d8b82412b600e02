using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FinanceMarket.FunctionalTests.Attacks;
using FinanceMarket.FunctionalTests.Matching;
using FinanceMarket.Matching.V1;
using FinanceMarket.TestInfrastructure;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FinanceMarket.FunctionalTests.Idempotency;

// A client that got no answer cannot know whether its write happened; with an Idempotency-Key its retry is
// answered with the first answer and changes nothing again.
public sealed class IdempotencyKeyTests(Platform platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_application_sent_twice_with_one_key_is_made_once_and_answered_the_same()
    {
        var region = TestData.FreshRegion();
        using var scenario = await MatchingScenario.CreateAsync(platform, Api.ProductFor(region), region: region);
        var key = Guid.NewGuid().ToString();
        var needBody = new { uscc = scenario.Uscc, amountFen = 50_000_000, termMonths = 12, purpose = "Working capital" };
        var (firstNeed, firstNeedBody, replayedFirst) = await SendAsync(scenario.Enterprise, HttpMethod.Post, "/api/v1/financing-needs", needBody, key);
        var (secondNeed, secondNeedBody, replayedSecond) = await SendAsync(scenario.Enterprise, HttpMethod.Post, "/api/v1/financing-needs", needBody, key);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (firstNeed, secondNeed));
        Assert.Equal(firstNeedBody.ToJsonString(), secondNeedBody.ToJsonString());
        Assert.Equal((false, true), (replayedFirst, replayedSecond));

        // Without a key a second application to the same product is refused as a duplicate; with one, the
        // retry gets the application the first made.
        var applicationBody = new { needId = (string)firstNeedBody["needId"]!, productId = scenario.ProductId, consentToCreditQuery = true };
        var applicationKey = Guid.NewGuid().ToString();
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => SendAsync(scenario.Enterprise, HttpMethod.Post, "/api/v1/applications", applicationBody, applicationKey)));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.Single(answers.Select(a => a.Body.ToJsonString()).Distinct());
        Assert.Equal(5, answers.Count(a => a.Replayed));
        var (listed, list) = await scenario.Enterprise.GetJsonAsync($"/api/v1/enterprises/{scenario.Uscc}/applications");
        Assert.Equal(HttpStatusCode.OK, listed);
        Assert.Single(list["applications"]!.AsArray());

        // The same key for another request is a mistake the client must hear of: 409, and nothing is made.
        var (conflict, conflictBody, _) = await SendAsync(scenario.Enterprise, HttpMethod.Post, "/api/v1/financing-needs", new { needBody.uscc, amountFen = 60_000_000, needBody.termMonths, needBody.purpose }, key);
        Assert.True(conflict == HttpStatusCode.Conflict, conflictBody.ToJsonString());
        Assert.Contains("another body", (string)conflictBody["message"]!, StringComparison.Ordinal);

        // A key belongs to its caller: another enterprise's request with the same text is its own.
        using var other = await MatchingScenario.ForProductAsync(platform, scenario.BankId, scenario.ProductId, region: region);
        var (otherStatus, otherNeed, otherReplayed) = await SendAsync(other.Enterprise, HttpMethod.Post, "/api/v1/financing-needs", new { uscc = other.Uscc, needBody.amountFen, needBody.termMonths, needBody.purpose }, key);
        Assert.Equal((HttpStatusCode.OK, false), (otherStatus, otherReplayed));
        Assert.NotEqual((string)firstNeedBody["needId"]!, (string)otherNeed["needId"]!);
    }

    [Fact]
    public async Task An_approval_and_a_disbursement_retried_with_their_keys_are_recorded_once_with_their_keys()
    {
        var region = TestData.FreshRegion();
        using var scenario = await MatchingScenario.CreateAsync(platform, Api.ProductFor(region), region: region);
        var applicationId = (string)(await scenario.ApplyAsync())["applicationId"]!;
        var approval = MatchingScenario.Approval(50_000_000, 345, 12);
        var approveKey = Guid.NewGuid().ToString();
        var approved = await SendAsync(scenario.Bank, HttpMethod.Post, $"/api/v1/applications/{applicationId}:approve", approval, approveKey);
        var again = await SendAsync(scenario.Bank, HttpMethod.Post, $"/api/v1/applications/{applicationId}:approve", approval, approveKey);
        Assert.True(approved.Status == HttpStatusCode.OK, approved.Body.ToJsonString());
        Assert.Equal((approved.Body.ToJsonString(), true), (again.Body.ToJsonString(), again.Replayed));
        Assert.True(WithEffect(approveKey));

        // Without the key the same approval is a conflict: the application is decided.
        var (unkeyed, _) = await scenario.Bank.SendJsonAsync($"/api/v1/applications/{applicationId}:approve", approval);
        Assert.Equal(HttpStatusCode.Conflict, unkeyed);

        var loanId = (string)approved.Body["loanId"]!;
        var contractDay = (string)approved.Body["deal"]!["contractDate"]!;
        var disbursement = new { on = contractDay, amountFen = 20_000_000 };
        var disburseKey = Guid.NewGuid().ToString();
        (HttpStatusCode Status, JsonObject Body, bool Replayed) first;
        for (var deadline = DateTime.UtcNow.AddSeconds(20); ; await Task.Delay(50, Cancel))
        {
            // The loan opens from the approval's event a moment later; a 404 kept nothing under the key.
            first = await SendAsync(scenario.Bank, HttpMethod.Post, $"/api/v1/loans/{loanId}/disbursements", disbursement, disburseKey);
            if (first.Status != HttpStatusCode.NotFound || DateTime.UtcNow > deadline)
            {
                break;
            }
        }

        Assert.True(first.Status == HttpStatusCode.OK, first.Body.ToJsonString());
        var retries = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => SendAsync(scenario.Bank, HttpMethod.Post, $"/api/v1/loans/{loanId}/disbursements", disbursement, disburseKey)));
        Assert.All(retries, r => Assert.Equal((first.Body.ToJsonString(), true), (r.Body.ToJsonString(), r.Replayed)));
        Assert.True(WithEffect(disburseKey));
        var (read, loan) = await scenario.Bank.GetJsonAsync($"/api/v1/loans/{loanId}");
        Assert.Equal(HttpStatusCode.OK, read);
        Assert.Equal(20_000_000L, (long)loan["disbursedFen"]!);
    }

    [Theory]
    [InlineData("")]
    [InlineData("two words")]
    [InlineData("key\u007f")]
    public async Task A_key_that_is_not_printable_ascii_is_refused_and_nothing_is_made(string key)
    {
        var region = TestData.FreshRegion();
        using var scenario = await MatchingScenario.CreateAsync(platform, Api.ProductFor(region), region: region);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/financing-needs")
        {
            Content = JsonContent.Create(new { uscc = scenario.Uscc, amountFen = 50_000_000, termMonths = 12, purpose = "Working capital" }),
        };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        using var response = await scenario.Enterprise.SendAsync(request, Cancel);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancel))!.AsObject();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body.ToJsonString());
        Assert.Equal(["Idempotency-Key"], body.ViolatedFields());

        var tooLong = new string('k', 256);
        using var longRequest = new HttpRequestMessage(HttpMethod.Post, "/api/v1/financing-needs") { Content = JsonContent.Create(new { uscc = scenario.Uscc }) };
        longRequest.Headers.TryAddWithoutValidation("Idempotency-Key", tooLong);
        using var longResponse = await scenario.Enterprise.SendAsync(longRequest, Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, longResponse.StatusCode);
    }

    // Every create and action of the API, sent twice with one key by a caller allowed to: the second answer is
    // the first (when the first was a success, marked as replayed); a refusal kept nothing, so the same
    // request meets the same refusal again.
    [Fact]
    public async Task Every_write_route_answers_a_repeated_key_with_its_first_answer()
    {
        var world = await World.CreateAsync(platform);
        var succeeded = new List<string>();
        var problems = new List<string>();
        foreach (var (route, _) in AttackSurface.Table.Where(t => !t.Route.StartsWith("GET ", StringComparison.Ordinal)))
        {
            var (method, template) = (route[..route.IndexOf(' ', StringComparison.Ordinal)], route[(route.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
            var caller = AttackSurface.AllowedCaller(route);
            var (path, body) = world.Request(method, template, caller);
            var key = Guid.NewGuid().ToString();
            var first = await SendAsync(world.Clients[caller], new HttpMethod(method), path, body, key);
            var second = await SendAsync(world.Clients[caller], new HttpMethod(method), path, body, key);
            if (first.Status != second.Status || (first.Status == HttpStatusCode.OK && first.Body.ToJsonString() != second.Body.ToJsonString()))
            {
                problems.Add($"{route}: {(int)first.Status} {first.Body.ToJsonString()} then {(int)second.Status} {second.Body.ToJsonString()}");
                continue;
            }

            if (first.Status != HttpStatusCode.OK)
            {
                continue;
            }

            succeeded.Add(route);
            if (!second.Replayed)
            {
                problems.Add($"{route}: the second answer is not marked as replayed");
            }

            // A write that moves money or decides a case saves its key in the transaction of its change, so a
            // process killed between the commit and the answer still answers the retry with the first answer.
            if (SavedWithChange.Contains(route) && WithEffect(key) is not true)
            {
                problems.Add($"{route}: the key was not saved with the change ({WithEffect(key)?.ToString() ?? "not saved"})");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        // The world's requests are valid: most writes succeed the first time, so the replay above was tried.
        Assert.True(succeeded.Count >= 30, $"Only {succeeded.Count} write routes succeeded: {string.Join(", ", succeeded)}");
    }

    private static readonly HashSet<string> SavedWithChange =
    [
        "POST /api/v1/financing-needs", "POST /api/v1/applications", "POST /api/v1/applications/{applicationId}:approve",
        "POST /api/v1/applications/{applicationId}:reject", "POST /api/v1/loans/{loanId}/disbursements", "PUT /api/v1/loans/{loanId}/schedule",
        "POST /api/v1/loans/{loanId}/repayments", "POST /api/v1/loans/{loanId}:renew", "POST /api/v1/loans/{loanId}:settle",
        "POST /api/v1/loans/{loanId}:write-off", "POST /api/v1/lpr", "PUT /api/v1/lpr/{effectiveOn}", "POST /api/v1/subsidy-programs",
        "POST /api/v1/subsidy-claims", "POST /api/v1/subsidy-claims/{claimId}:approve", "POST /api/v1/subsidy-claims/{claimId}:pay",
        "POST /api/v1/subsidy-claims/{claimId}:reject", "POST /api/v1/banks", "PUT /api/v1/banks/{bankId}", "POST /api/v1/banks/{bankId}/products",
        "PUT /api/v1/banks/{bankId}/products/{productId}", "POST /api/v1/banks/{bankId}/products/{productId}:delist",
        "POST /api/v1/products/{productId}:moderate", "POST /api/v1/enterprises", "POST /api/v1/enterprises/{uscc}:correct",
        "POST /api/v1/financing-needs/{needId}:take", "POST /api/v1/applications/{applicationId}:contact",
        "POST /api/v1/applications/{applicationId}:withdraw", "POST /api/v1/financing-needs/{needId}:broadcast",
        "POST /api/v1/financing-needs/{needId}:withdrawBroadcast", "POST /api/v1/applications/{applicationId}:refer",
        "PUT /api/v1/service-promises/{regionCode}", "POST /api/v1/supervision/{stepId}/notes",
    ];

    // Whether the services saved the key with its change (null: no service saved it).
    private bool? WithEffect(string key)
    {
        foreach (var host in platform.Services.Values)
        {
            if (host.App.Services.GetService<FinanceMarket.ServiceDefaults.Storage.SqliteDatabase>() is not { } database)
            {
                continue;
            }

            using var connection = database.Open();
            using var command = FinanceMarket.ServiceDefaults.Storage.SqliteDatabase.Command(connection, null,
                "SELECT with_effect FROM idempotency WHERE scope LIKE $k", ("$k", "%|" + key));
            if (command.ExecuteScalar() is long withEffect)
            {
                return withEffect == 1;
            }
        }

        return null;
    }

    [Fact]
    public async Task A_key_is_kept_for_24_hours_then_a_new_request_may_use_it()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 9, 29, 2, 0, 0, TimeSpan.Zero));
        await using var isolated = await IsolatedMatching.StartAsync(platform, new Dictionary<string, string?>(), b => b.Services.AddSingleton<TimeProvider>(clock));
        var key = new Metadata { { "idempotency-key", "need-2026-09-29-001" } };
        foreach (var entry in isolated.EnterpriseToken)
        {
            key.Add(entry);
        }

        var first = await isolated.CallAsync(m => m.PostFinancingNeedAsync(isolated.Need(), key, cancellationToken: Cancel).ResponseAsync);
        clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));
        var retried = await isolated.CallAsync(m => m.PostFinancingNeedAsync(isolated.Need(), key, cancellationToken: Cancel).ResponseAsync);
        Assert.Equal(first.NeedId, retried.NeedId);

        clock.Advance(TimeSpan.FromSeconds(2));
        var afterwards = await isolated.CallAsync(m => m.PostFinancingNeedAsync(isolated.Need(), key, cancellationToken: Cancel).ResponseAsync);
        Assert.NotEqual(first.NeedId, afterwards.NeedId);

        // The key now answers with the new need, and another body within its day is 409 again.
        var again = await isolated.CallAsync(m => m.PostFinancingNeedAsync(isolated.Need(), key, cancellationToken: Cancel).ResponseAsync);
        Assert.Equal(afterwards.NeedId, again.NeedId);
        var other = isolated.Need();
        other.AmountFen += 1;
        var conflict = await Assert.ThrowsAsync<RpcException>(() => isolated.CallAsync(m => m.PostFinancingNeedAsync(other, key, cancellationToken: Cancel).ResponseAsync));
        Assert.Equal(StatusCode.AlreadyExists, conflict.StatusCode);
    }

    private static async Task<(HttpStatusCode Status, JsonObject Body, bool Replayed)> SendAsync(HttpClient client, HttpMethod method, string path, object? body, string key)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        request.Headers.Add("Idempotency-Key", key);
        using var response = await client.SendAsync(request, Cancel);
        var text = await response.Content.ReadAsStringAsync(Cancel);
        var json = text.Length > 0 && text[0] == '{' ? JsonNode.Parse(text)!.AsObject() : new JsonObject { ["text"] = text };
        return (response.StatusCode, json, response.Headers.TryGetValues("Idempotent-Replayed", out var values) && values.Contains("true"));
    }
}
