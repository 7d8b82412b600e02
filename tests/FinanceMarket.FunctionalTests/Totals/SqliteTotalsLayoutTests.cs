using FinanceMarket.TestInfrastructure;
using FinanceMarket.IntegrationEvents;
using FinanceMarket.ServiceDefaults.Storage;
using FinanceMarket.Totals;
using FinanceMarket.Totals.Infrastructure;
using FinanceMarket.Totals.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FinanceMarket.FunctionalTests.Totals;

// A totals file written by the earlier layout (rowid tables seen_events, outcomes, distinct_members) opens
// under the current one with nothing forgotten: an event seen before stays seen, an application's outcome
// stays taken, an enterprise served stays counted once.
public sealed class SqliteTotalsLayoutTests
{
    [Fact]
    public async Task A_file_of_the_earlier_layout_keeps_its_seen_events_outcomes_and_distinct_members()
    {
        var dataDir = TestData.NewTempDir();
        var path = Path.Combine(dataDir, "totals.db");
        var cancel = TestContext.Current.CancellationToken;
        var first = Approved("app-1", "91130903MA0AAAAAAA");
        var scopes = TotalsRules.ScopesOf("130903", "ccb", "C34", "2026-11");
        var earlier = new SqliteDatabase(path, """
            CREATE TABLE seen_events (event_id TEXT PRIMARY KEY);
            CREATE TABLE outcomes (outcome_key TEXT PRIMARY KEY, event_id TEXT NOT NULL);
            CREATE TABLE figures (scope TEXT PRIMARY KEY, matchedDeals INTEGER NOT NULL DEFAULT 0, creditGrantedFen INTEGER NOT NULL DEFAULT 0,
                enterprisesServed INTEGER NOT NULL DEFAULT 0, applications INTEGER NOT NULL DEFAULT 0, rejected INTEGER NOT NULL DEFAULT 0,
                subsidyClaimsPaid INTEGER NOT NULL DEFAULT 0, subsidyPaidFen INTEGER NOT NULL DEFAULT 0, subsidisedPrincipalFen INTEGER NOT NULL DEFAULT 0);
            CREATE TABLE distinct_members (set_scope TEXT NOT NULL, member TEXT NOT NULL, PRIMARY KEY (set_scope, member));
            """);
        await using (var connection = earlier.Open())
        {
            SqliteDatabase.Execute(connection, $"INSERT INTO seen_events VALUES ('{first.Id}');");
            SqliteDatabase.Execute(connection, $"INSERT INTO outcomes VALUES ('application:app-1', '{first.Id}');");
            foreach (var scope in scopes)
            {
                SqliteDatabase.Execute(connection, $"INSERT INTO figures (scope, matchedDeals, creditGrantedFen, enterprisesServed) VALUES ('{scope}', 1, 500, 1);");
                SqliteDatabase.Execute(connection, $"INSERT INTO distinct_members VALUES ('served:{scope}', '91130903MA0AAAAAAA');");
            }
        }

        await using var app = TotalsApp.Build(
            [$"--FinanceMarket:DataDir={dataDir}", $"--FinanceMarket:Auth:SigningKey={TestData.NewSigningKey()}"], b => b.Logging.ClearProviders());
        var store = app.Services.GetRequiredService<ITotalsStore>();
        Assert.Equal("SqliteTotalsStore", store.GetType().Name);

        Assert.False(await store.ApplyAsync(TotalsRules.Approved(first), cancel));
        Assert.True(await store.ApplyAsync(TotalsRules.Rejected(new ApplicationRejectedIntegrationEvent("Debt ratio", "2026-11-03")
        {
            About = new("app-1", "product-1", "ccb", "91130903MA0AAAAAAA", "130903", "C34"),
        }), cancel));
        Assert.True(await store.ApplyAsync(TotalsRules.Approved(Approved("app-2", "91130903MA0AAAAAAA")), cancel));
        Assert.Equal(Figures.Zero with { MatchedDeals = 2, CreditGrantedFen = 1_000, EnterprisesServed = 1 }, await store.GetAsync("13", cancel));
    }

    private static ApplicationApprovedIntegrationEvent Approved(string application, string uscc) =>
        new("SMALL", "CREDIT", 500, 345, 12, "2026-11-02", true) { About = new(application, "product-1", "ccb", uscc, "130903", "C34") };
}
