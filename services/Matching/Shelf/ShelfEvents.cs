using FinanceMarket.ServiceDefaults.Events;

namespace FinanceMarket.Matching.Shelf;

// The catalog's product events, delivered by the Dapr sidecar (servers) or the relay's direct delivery
// (embedded), both with the app API token. A product's events arrive in order (ordering key) and carry
// its version, so a redelivery changes nothing.
internal static class ShelfEvents
{
    public const string ListedRoute = "/events/product-listed";
    public const string DelistedRoute = "/events/product-delisted";

    public static WebApplication MapShelfEvents(this WebApplication app)
    {
        app.UseEventSubscriptions();
        app.MapSubscription<ProductListedIntegrationEvent>((ProductListedIntegrationEvent listed, ShelfView view, ILogger<ShelfView> logger) =>
            {
                (ShelfProduct Product, long Version) read;
                try
                {
                    read = ShelfMapping.FromEvent(listed);
                }
                catch (ArgumentException ex)
                {
                    // Retrying a poison event is in vain and would hold back the rest of its key: DROP tells the sidecar to stop.
                    logger.LogError("Dropped ProductListed {EventId}: {Reason}", listed.Id, ex.Message);
                    return Results.Ok(new { status = "DROP" });
                }

                view.Apply(read.Product, read.Version);
                return Results.Ok();
            },
            ListedRoute);
        app.MapSubscription<ProductDelistedIntegrationEvent>(
            (ProductDelistedIntegrationEvent delisted, ShelfView view) =>
            {
                view.Remove(delisted.ProductId, delisted.ProductVersion);
                return Results.Ok();
            },
            DelistedRoute);
        return app;
    }
}
