using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FinanceMarket.TestInfrastructure;
using FinanceMarket.IntegrationEvents;

namespace FinanceMarket.FunctionalTests.Events;

// The topology says what each service subscribes to; the services say it to daprd (and to the relays) in
// their /dapr/subscribe tables. The two must be the same, or an event would go where the map says it does not.
public sealed class TopologyTests(Platform platform)
{
    [Fact]
    public async Task Every_service_s_subscribe_table_lists_exactly_the_topics_the_topology_gives_it()
    {
        Assert.Equal(Topology.Services.Select(s => s.Name).Order(), platform.Services.Keys.Order());
        foreach (var service in Topology.Services)
        {
            var host = platform.Services[service.Name];
            using var http = new HttpClient { BaseAddress = new Uri(host.Address), DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
            using var response = await http.GetAsync("/dapr/subscribe", TestContext.Current.CancellationToken);
            // A service that subscribes to nothing need not serve the table (daprd reads no table as none).
            var table = !response.IsSuccessStatusCode ? []
                : (await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonArray>(TestContext.Current.CancellationToken))!;
            Assert.Equal(service.SubscribedTopics.Order(StringComparer.Ordinal), table.Select(s => (string)s!["topic"]!).Order(StringComparer.Ordinal));
            Assert.All(table, s =>
            {
                Assert.Equal(PubSub.Name, (string?)s!["pubsubname"]);
                Assert.Equal((string)s["topic"]! + PubSub.DeadLetterSuffix, (string?)s["deadLetterTopic"]);
                Assert.StartsWith("events/", ((string?)s["route"] ?? (string?)s["routes"]?["default"])?.TrimStart('/'));
            });
        }
    }

    [Fact]
    public void Every_event_has_a_publisher_and_every_read_is_of_a_service_started_before()
    {
        Assert.All(PubSub.EventTypes, t => Assert.NotEmpty(Topology.PublishersOf(t)));
        Assert.Equal(Topology.Services.Count, Topology.Services.Select(s => s.PortOffset).Distinct().Count());
        for (var i = 0; i < Topology.Services.Count; i++)
        {
            Assert.All(Topology.Services[i].Reads, read => Assert.Contains(read, Topology.Services.Take(i)));
        }
    }
}
