namespace FinanceMarket.IntegrationEvents;

// An app that subscribes to the event. daprd dead-letters the app's failed deliveries under the app's own
// publishing scope, so k8s/ grants it the event's dead-letter topic; a test checks each app's
// /dapr/subscribe against these attributes.
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = true)]
public sealed class SubscribedByAttribute(string appId) : Attribute
{
    public string AppId { get; } = appId;
}
