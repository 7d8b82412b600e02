using FinanceMarket.ServiceDefaults.Idempotency;
using System.Globalization;
using FinanceMarket.Catalog.Extensions;
using FinanceMarket.Catalog.Infrastructure;
using FinanceMarket.Catalog.Model;
using FinanceMarket.Catalog.V1;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Proto = FinanceMarket.Common.V1;

namespace FinanceMarket.Catalog.Grpc;

internal sealed class CatalogService(ICatalogStore store, IOptions<CatalogOptions> options, TimeProvider time) : V1.Catalog.CatalogBase
{
    public const int MaxModerationReasonLength = 500;

    public override async Task<V1.Bank> CreateBank(CreateBankRequest request, ServerCallContext context)
    {
        // A bank id is one name for the whole country, kept for good: a province-level official (or the
        // platform's operator) creates it, not each district.
        var caller = BankAuthority(context, "creates");
        var violations = new Violations();
        ProductRules.ValidateBank(violations, request.BankId, request.Name);
        violations.ThrowIfAny();

        var bank = new Model.Bank(request.BankId, request.Name.Trim(), time.GetUtcNow(), caller.IsOfficial ? caller.Region! : AuditTrail.National);
        var audit = AuditTrail.Entry(caller, AuditActions.BankCreated, bank.RegionCode, "bank/" + bank.BankId, null, new { bank.Name }, null, bank.CreatedAt);
        IdempotentCall.Answer(CatalogMapping.ToProto(bank));
        if (!await store.TryCreateBankAsync(bank, [new BankCreatedIntegrationEvent(bank.BankId, bank.Name), audit], context.CancellationToken))
        {
            throw new RpcException(new Status(StatusCode.AlreadyExists, $"Bank {bank.BankId} already exists."));
        }

        return CatalogMapping.ToProto(bank);
    }

    // A bank's name changes (a merger, a new brand); its id, which products and applications carry, never does.
    public override async Task<V1.Bank> RenameBank(RenameBankRequest request, ServerCallContext context)
    {
        var caller = BankAuthority(context, "renames");
        var violations = new Violations();
        ProductRules.ValidateBank(violations, request.BankId, request.Name);
        violations.Text("reason", request.Reason, MaxModerationReasonLength);
        violations.ThrowIfAny();

        var bank = await FindBankAsync(request.BankId, context.CancellationToken);
        if (!caller.IsOperator && bank.RegionCode != caller.Region)
        {
            Caller.Deny(bank.RegionCode.Length == 0
                ? $"Bank {bank.BankId} was not created by a province's official; only the operator renames it."
                : $"Bank {bank.BankId} was created in province {bank.RegionCode}; only its officials or the operator rename it.");
        }

        var name = request.Name.Trim();
        if (name == bank.Name)
        {
            Violations.Fail("name", Reasons.SameAsCurrent, "is already the bank's name");
        }

        var now = time.GetUtcNow();
        var renamed = bank with { Name = name, Renames = [.. bank.Renames ?? [], new Model.BankRename(bank.Name, caller.Subject, request.Reason.Trim(), now)] };
        var audit = AuditTrail.Entry(caller, AuditActions.BankRenamed, bank.RegionCode, "bank/" + bank.BankId, new { bank.Name }, new { renamed.Name }, request.Reason, now);
        IdempotentCall.Answer(CatalogMapping.ToProto(renamed));
        if (!await store.TryRenameBankAsync(renamed, bank.Name, audit, context.CancellationToken))
        {
            throw new RpcException(new Status(StatusCode.Aborted, $"Bank {bank.BankId} was renamed at the same moment; read it again."));
        }

        return CatalogMapping.ToProto(renamed);
    }

    private static Caller BankAuthority(ServerCallContext context, string action)
    {
        var caller = Caller.From(context);
        if (!caller.IsOperator && !(caller.IsOfficial && caller.Region is { Length: 2 }))
        {
            Caller.Deny($"Only a province-level official or the platform's operator {action} banks.");
        }

        return caller;
    }

    public override async Task<V1.Bank> GetBank(GetBankRequest request, ServerCallContext context)
    {
        Caller.From(context);
        return CatalogMapping.ToProto(await FindBankAsync(request.BankId, context.CancellationToken));
    }

    public override async Task<ListBanksResponse> ListBanks(ListBanksRequest request, ServerCallContext context)
    {
        Caller.From(context);
        var violations = new Violations();
        var (pageSize, after) = Paging.Read(violations, request.PageSize, request.PageToken);
        violations.ThrowIfAny();

        var page = await store.ListBanksAsync(pageSize, after, context.CancellationToken);
        var response = new ListBanksResponse { NextPageToken = Paging.Token(page.LastKey) };
        response.Banks.AddRange(page.Items.Select(CatalogMapping.ToProto));
        return response;
    }

    public override async Task<V1.Product> ListProduct(ListProductRequest request, ServerCallContext context)
    {
        RequireTheBank(Caller.From(context), request.BankId, "list products");
        var product = ProductRules.Validate(request.BankId, CatalogMapping.ToListing(request), time);
        var bankName = (await FindBankAsync(request.BankId, context.CancellationToken)).Name;

        var max = options.Value.MaxListedProductsPerBank;
        IdempotentCall.Answer(CatalogMapping.ToProto(product, bankName));
        if (!await store.TryAddProductAsync(product, max, CatalogMapping.Listed(product), context.CancellationToken))
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, string.Create(CultureInfo.InvariantCulture,
                $"Bank {request.BankId} already lists {max:N0} products, the most one bank may list; delist one before listing another.")));
        }

        return CatalogMapping.ToProto(product, bankName);
    }

    public override async Task<V1.Product> UpdateProduct(UpdateProductRequest request, ServerCallContext context)
    {
        RequireTheBank(Caller.From(context), request.BankId, "edit products");
        var current = await FindOwnProductAsync(request.BankId, request.ProductId, context.CancellationToken);
        if (current.Status == Model.ProductStatus.Delisted)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition,
                $"Product {current.ProductId} is delisted; a delisted product cannot be edited: list a new one."));
        }

        var bankName = await BankNameAsync(current.BankId, context.CancellationToken);
        var violations = new Violations();
        violations.Require(request.ExpectedVersion > 0, "expectedVersion", Reasons.Required, "is required: the version of the product as you read it");
        var revised = ProductRules.Revise(violations, current, CatalogMapping.ToListing(request), time);
        IdempotentCall.Answer(CatalogMapping.ToProto(revised, bankName));
        if (current.Version != request.ExpectedVersion
            || !await store.TryUpdateProductAsync(revised, current.Version, [CatalogMapping.Listed(revised)], context.CancellationToken))
        {
            throw new RpcException(new Status(StatusCode.Aborted,
                $"Product {current.ProductId} has changed since version {request.ExpectedVersion} was read; read it again and make the edit on what it is now."));
        }

        return CatalogMapping.ToProto(revised, bankName);
    }

    public override async Task<V1.Product> DelistProduct(DelistProductRequest request, ServerCallContext context)
    {
        RequireTheBank(Caller.From(context), request.BankId, "delist products");
        var product = await FindOwnProductAsync(request.BankId, request.ProductId, context.CancellationToken);
        var bankName = await BankNameAsync(product.BankId, context.CancellationToken);

        // Delisting twice is not an error: a client retrying after a lost answer gets the same product.
        if (product.Status == Model.ProductStatus.Delisted)
        {
            return CatalogMapping.ToProto(product, bankName);
        }

        var delisted = product with { Status = Model.ProductStatus.Delisted, DelistedAt = time.GetUtcNow(), Version = product.Version + 1 };
        IdempotentCall.Answer(CatalogMapping.ToProto(delisted, bankName));
        if (!await store.TryUpdateProductAsync(delisted, product.Version, [new ProductDelistedIntegrationEvent(product.ProductId, product.BankId, delisted.Version)], context.CancellationToken))
        {
            throw new RpcException(new Status(StatusCode.Aborted, $"Product {product.ProductId} changed while it was being delisted; read it again."));
        }

        return CatalogMapping.ToProto(delisted, bankName);
    }

    // Moderation: only an official whose region holds every region the product is offered in, so that no
    // official takes a product away from enterprises outside their region (one offered nationwide, or with
    // no region named, is beyond every regional official).
    public override async Task<V1.Product> ModerateProduct(ModerateProductRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        caller.RequireOfficial("moderate products");
        var violations = new Violations();
        if (!Guid.TryParse(request.ProductId, out _))
        {
            violations.NotAnId("productId", "product");
        }

        violations.Text("reason", request.Reason, MaxModerationReasonLength);
        violations.ThrowIfAny();

        var product = await FindProductAsync(request.ProductId, context.CancellationToken);
        var bankName = await BankNameAsync(product.BankId, context.CancellationToken);
        var regions = product.Eligibility.RegionCodes;
        if (regions.Count == 0 || !regions.All(caller.Covers))
        {
            Caller.Deny(regions.Count == 0
                ? $"Product {product.ProductId} is offered in every region; no regional official may moderate it."
                : $"Product {product.ProductId} is offered in {string.Join(", ", regions)}; only an official whose region holds all of them may moderate it.");
        }

        if (product.Status == Model.ProductStatus.Delisted)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"Product {product.ProductId} is already delisted."));
        }

        var now = time.GetUtcNow();
        var moderated = product with
        {
            Status = Model.ProductStatus.Delisted,
            DelistedAt = now,
            Version = product.Version + 1,
            Moderation = new Model.Moderation(caller.Subject, caller.Region!, request.Reason.Trim(), now),
        };
        var audit = AuditTrail.Entry(caller, AuditActions.ProductModerated, caller.Region!, "product/" + product.ProductId,
            new { Status = product.Status.Wire(), product.BankId, product.Name }, new { Status = moderated.Status.Wire() }, request.Reason, now);
        IdempotentCall.Answer(CatalogMapping.ToProto(moderated, bankName));
        if (!await store.TryUpdateProductAsync(
            moderated, product.Version, [new ProductDelistedIntegrationEvent(product.ProductId, product.BankId, moderated.Version), audit], context.CancellationToken))
        {
            throw new RpcException(new Status(StatusCode.Aborted, $"Product {product.ProductId} changed while it was being moderated; read it again."));
        }

        return CatalogMapping.ToProto(moderated, bankName);
    }

    public override async Task<V1.Product> GetProduct(GetProductRequest request, ServerCallContext context)
    {
        Caller.From(context);
        var product = await FindProductAsync(request.ProductId, context.CancellationToken);
        return CatalogMapping.ToProto(product, await BankNameAsync(product.BankId, context.CancellationToken));
    }

    public override async Task<BrowseProductsResponse> BrowseProducts(BrowseProductsRequest request, ServerCallContext context)
    {
        Caller.From(context);
        var violations = new Violations();
        if (request.Kind != Proto.ProductKind.Unspecified)
        {
            violations.Defined("kind", request.Kind);
        }

        if (request.Status != V1.ProductStatus.Unspecified)
        {
            violations.Defined("status", request.Status);
        }

        if (!string.IsNullOrEmpty(request.BankId))
        {
            violations.Require(ProductRules.IsBankId(request.BankId), "bankId", Reasons.BankIdFormat, "is not a bank id");
        }

        var (pageSize, after) = Paging.Read(violations, request.PageSize, request.PageToken);
        violations.ThrowIfAny();

        var query = new ProductQuery(
            ProtoEnums.TryToDomain<ProductKind>(request.Kind, out var kind) ? kind : null,
            string.IsNullOrEmpty(request.BankId) ? null : request.BankId,
            request.Status == V1.ProductStatus.Delisted ? Model.ProductStatus.Delisted : Model.ProductStatus.Listed);
        var page = await store.BrowseAsync(query, pageSize, after, context.CancellationToken);
        var response = new BrowseProductsResponse { NextPageToken = Paging.Token(page.LastKey) };
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var bankId in page.Items.Select(p => p.BankId).Distinct())
        {
            names[bankId] = await BankNameAsync(bankId, context.CancellationToken);
        }

        response.Products.AddRange(page.Items.Select(p => CatalogMapping.ToProto(p, names[p.BankId])));
        return response;
    }

    private static void RequireTheBank(Caller caller, string bankId, string action)
    {
        if (!caller.IsBank || caller.Subject != bankId)
        {
            Caller.Deny($"Only bank {bankId} itself may {action} on its shelf.");
        }
    }

    // A product's bank always exists (it is created first and never removed); its id stands in should it not.
    private async Task<string> BankNameAsync(string bankId, CancellationToken cancellationToken) =>
        (await store.FindBankAsync(bankId, cancellationToken))?.Name ?? bankId;

    private async Task<Model.Bank> FindBankAsync(string bankId, CancellationToken cancellationToken) =>
        await store.FindBankAsync(bankId, cancellationToken)
        ?? throw new RpcException(new Status(StatusCode.NotFound, $"Bank {bankId} does not exist; an official creates it first."));

    private async Task<Model.Product> FindOwnProductAsync(string bankId, string productId, CancellationToken cancellationToken)
    {
        var product = await FindProductAsync(productId, cancellationToken);
        if (product.BankId != bankId)
        {
            Caller.Deny($"Product {product.ProductId} belongs to another bank.");
        }

        return product;
    }

    private async Task<Model.Product> FindProductAsync(string productId, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(productId, out _))
        {
            new Violations().NotAnId("productId", "product").Throw();
        }

        return await store.FindProductAsync(productId, cancellationToken)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"Product {productId} does not exist."));
    }
}
