namespace FinanceMarket.IntegrationEvents;

public static class PubSub
{
    // The Dapr component every service publishes to and subscribes from (k8s/ and dapr/ name it too).
    public const string Name = "pubsub";

    public static string TopicOf<TEvent>() where TEvent : IntegrationEvent => typeof(TEvent).Name;

    public static string DeadLetterTopicOf<TEvent>() where TEvent : IntegrationEvent => TopicOf<TEvent>() + ".deadletter";
}
