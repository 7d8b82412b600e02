namespace FinanceMarket.IntegrationEvents;

public static class PubSub
{
    // The Dapr component every service publishes to and subscribes from (k8s/ and dapr/ name it too).
    public const string Name = "pubsub";

    public static string TopicOf<TEvent>() where TEvent : IntegrationEvent => typeof(TEvent).Name;

    public static string DeadLetterTopicOf<TEvent>() where TEvent : IntegrationEvent => TopicOf<TEvent>() + DeadLetterSuffix;

    public const string DeadLetterSuffix = ".deadletter";

    // Every event record, by reflection over this assembly: the one list the topology, k8s/ and the tests compare with.
    public static IReadOnlyList<Type> EventTypes { get; } = typeof(IntegrationEvent).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(IntegrationEvent)) && !t.IsAbstract)
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .ToList();
}
