namespace FinanceMarket.IntegrationEvents;

// The app id of a service that publishes an event (most events have one; the audit entry has one per
// service that records them). The pub/sub component's publishing scopes in k8s/ are checked against it,
// and the functional tests check it against who really sent each event.
[AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = true)]
public sealed class PublishedByAttribute(string appId) : Attribute
{
    public string AppId { get; } = appId;
}
