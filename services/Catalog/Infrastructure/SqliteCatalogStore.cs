using FinanceMarket.Catalog.Model;
using FinanceMarket.ServiceDefaults.Events;
using FinanceMarket.ServiceDefaults.Storage;

namespace FinanceMarket.Catalog.Infrastructure;

internal sealed class SqliteCatalogStore(SqliteDatabase database, OutboxSignal signal) : ICatalogStore, ISqliteSchema
{
    public static string Schema => """
        CREATE TABLE IF NOT EXISTS banks (
            bank_id TEXT PRIMARY KEY,
            doc TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS products (
            product_id TEXT PRIMARY KEY,
            bank_id TEXT NOT NULL REFERENCES banks (bank_id),
            kind TEXT NOT NULL,
            status TEXT NOT NULL,
            version INTEGER NOT NULL,
            doc TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS products_shelf ON products (status, product_id);
        CREATE INDEX IF NOT EXISTS products_bank ON products (bank_id, status, product_id);
        """;

    public async Task<bool> TryCreateBankAsync(Bank bank, IReadOnlyList<IntegrationEvent> events, CancellationToken cancellationToken)
    {
        return await database.WriteWithEventsAsync(async (connection, transaction) =>
        {
            await using var insert = SqliteDatabase.Command(connection, transaction,
                "INSERT INTO banks (bank_id, doc) VALUES ($id, $doc) ON CONFLICT (bank_id) DO NOTHING",
                ("$id", bank.BankId), ("$doc", StoreJson.Serialize(bank)));
            return await insert.ExecuteNonQueryAsync(cancellationToken) == 1;
        }, events, signal, cancellationToken);
    }

    public Task<bool> TryRenameBankAsync(Bank renamed, string expectedName, IntegrationEvent audit, CancellationToken cancellationToken) =>
        database.WriteWithEventAsync(async (connection, transaction) =>
        {
            await using var update = SqliteDatabase.Command(connection, transaction,
                "UPDATE banks SET doc = $doc WHERE bank_id = $id AND json_extract(doc, '$.name') = $expected",
                ("$id", renamed.BankId), ("$doc", StoreJson.Serialize(renamed)), ("$expected", expectedName));
            return await update.ExecuteNonQueryAsync(cancellationToken) == 1;
        }, audit, signal, cancellationToken);

    public async Task<Bank?> FindBankAsync(string bankId, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = SqliteDatabase.Command(connection, null, "SELECT doc FROM banks WHERE bank_id = $id", ("$id", bankId));
        return await command.ExecuteScalarAsync(cancellationToken) is string doc ? StoreJson.Deserialize<Bank>(doc) : null;
    }

    public async Task<Page<Bank>> ListBanksAsync(int pageSize, string? afterBankId, CancellationToken cancellationToken)
    {
        var items = await database.QueryDocumentsAsync<Bank>(
            "SELECT doc FROM banks WHERE bank_id > $after ORDER BY bank_id LIMIT $limit",
            cancellationToken, ("$after", afterBankId ?? string.Empty), ("$limit", pageSize + 1));
        return Page.Of(items, pageSize, b => b.BankId);
    }

    // One writer at a time: the count and the insert are one statement in the write transaction.
    public Task<bool> TryAddProductAsync(Product product, int maxListed, IntegrationEvent listed, CancellationToken cancellationToken) =>
        database.WriteWithEventAsync(async (connection, transaction) =>
        {
            await using var insert = SqliteDatabase.Command(connection, transaction,
                """
                INSERT INTO products (product_id, bank_id, kind, status, version, doc)
                SELECT $id, $bank, $kind, $status, $version, $doc
                WHERE (SELECT count(*) FROM products WHERE bank_id = $bank AND status = 'LISTED') < $max
                """,
                ("$id", product.ProductId), ("$bank", product.BankId), ("$kind", product.Kind.Wire()), ("$status", product.Status.Wire()),
                ("$version", product.Version), ("$doc", StoreJson.Serialize(product)), ("$max", maxListed));
            return await insert.ExecuteNonQueryAsync(cancellationToken) == 1;
        }, listed, signal, cancellationToken);

    public async Task<Product?> FindProductAsync(string productId, CancellationToken cancellationToken)
    {
        var items = await database.QueryDocumentsAsync<Product>("SELECT doc FROM products WHERE product_id = $id", cancellationToken, ("$id", productId));
        return items.FirstOrDefault();
    }

    public Task<bool> TryUpdateProductAsync(Product product, long expectedVersion, IReadOnlyList<IntegrationEvent> events, CancellationToken cancellationToken) =>
        database.WriteWithEventsAsync(async (connection, transaction) =>
        {
            await using var update = SqliteDatabase.Command(connection, transaction,
                "UPDATE products SET kind = $kind, status = $status, version = $version, doc = $doc WHERE product_id = $id AND version = $expected",
                ("$kind", product.Kind.Wire()), ("$status", product.Status.Wire()), ("$version", product.Version), ("$doc", StoreJson.Serialize(product)),
                ("$id", product.ProductId), ("$expected", expectedVersion));
            return await update.ExecuteNonQueryAsync(cancellationToken) == 1;
        }, events, signal, cancellationToken);

    public async Task<Page<Product>> BrowseAsync(ProductQuery query, int pageSize, string? afterProductId, CancellationToken cancellationToken)
    {
        var items = await database.QueryDocumentsAsync<Product>(
            """
            SELECT doc FROM products
            WHERE status = $status AND ($kind IS NULL OR kind = $kind) AND ($bank IS NULL OR bank_id = $bank) AND product_id > $after
            ORDER BY product_id LIMIT $limit
            """,
            cancellationToken,
            ("$status", query.Status.Wire()), ("$kind", query.Kind?.Wire()), ("$bank", query.BankId),
            ("$after", afterProductId ?? string.Empty), ("$limit", pageSize + 1));
        return Page.Of(items, pageSize, p => p.ProductId);
    }
}
