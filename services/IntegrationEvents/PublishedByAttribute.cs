namespace FinanceMarket.IntegrationEvents;

// The app id of the one service that publishes an event. The pub/sub component's publishing scopes in
// k8s/ are checked against it, and the functional tests check it against who really sent each event.
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class PublishedByAttribute(string appId) : Attribute
{
    public string AppId { get; } = appId;
}
