using FinanceMarket.Catalog.V1;
using FinanceMarket.Common.V1;
using FinanceMarket.Enterprises.V1;
using FinanceMarket.TestInfrastructure;
using Google.Rpc;
using Grpc.Core;

namespace FinanceMarket.FunctionalTests.Gateway;

// The same calls over gRPC on the gateway's h2c port, with Grpc.Net.Client.
public sealed class GrpcTests(Platform platform)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Official_bank_and_enterprise_do_the_foundation_journey_over_grpc()
    {
        using var channel = platform.Grpc();
        var catalog = new Catalog.V1.Catalog.CatalogClient(channel);
        var registry = new EnterpriseRegistry.EnterpriseRegistryClient(channel);
        var bankId = TestData.NewBankId();
        var uscc = TestData.NewUscc();

        var bank = await catalog.CreateBankAsync(new CreateBankRequest { BankId = bankId, Name = "Bank of Cangzhou" },
            Platform.Bearer(await platform.OfficialAsync("13")), cancellationToken: Cancel);
        var product = await catalog.ListProductAsync(new ListProductRequest
        {
            BankId = bankId,
            Name = "Start-up guarantee loan",
            Kind = ProductKind.Guarantee,
            MinAmountFen = 5_000_000,
            MaxAmountFen = 30_000_000,
            MinTermMonths = 12,
            MaxTermMonths = 36,
            RateSpreadBp = -150,
            Eligibility = new Eligibility { SizeClasses = { SizeClass.Micro }, RegionCodes = { "13" } },
            DecisionSlaDays = 5,
        }, Platform.Bearer(await platform.TokenAsync("bank", bankId)), cancellationToken: Cancel);
        var enterpriseToken = Platform.Bearer(await platform.TokenAsync("enterprise", uscc));
        var enterprise = await registry.RegisterEnterpriseAsync(new RegisterEnterpriseRequest
        {
            Uscc = uscc,
            Name = "Yunhe Noodle House",
            IndustryCode = "H62",
            RegionCode = "130903",
            Employees = 8,
            AnnualRevenueFen = 90_000_000,
            TotalAssetsFen = 20_000_000,
            EstablishedOn = "2022-03-15",
            TaxCreditRating = TaxCreditRating.M,
        }, enterpriseToken, cancellationToken: Cancel);
        var shelf = await catalog.BrowseProductsAsync(new BrowseProductsRequest { BankId = bankId, Kind = ProductKind.Guarantee }, enterpriseToken, cancellationToken: Cancel);

        Assert.Equal(bankId, bank.BankId);
        Assert.Equal(ProductStatus.Listed, product.Status);
        // Catering with 8 staff: fewer than 10, so micro whatever the revenue.
        Assert.Equal(SizeClass.Micro, enterprise.SizeClass);
        Assert.Equal(product.ProductId, Assert.Single(shelf.Products).ProductId);
    }

    [Fact]
    public async Task An_invalid_code_gets_INVALID_ARGUMENT_with_the_field_violation()
    {
        using var channel = platform.Grpc();
        var registry = new EnterpriseRegistry.EnterpriseRegistryClient(channel);
        var bad = TestData.WithWrongCheck(TestData.NewUscc());

        var ex = await Assert.ThrowsAsync<RpcException>(async () => await registry.RegisterEnterpriseAsync(
            new RegisterEnterpriseRequest { Uscc = bad, Name = "X", IndustryCode = "C", RegionCode = "130903", EstablishedOn = "2020-01-01", TaxCreditRating = TaxCreditRating.A },
            Platform.Bearer(await platform.TokenAsync("enterprise", bad)), cancellationToken: Cancel));

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        var details = ex.GetRpcStatus()?.GetDetail<BadRequest>();
        Assert.NotNull(details);
        Assert.Equal("uscc", Assert.Single(details.FieldViolations).Field);
    }

    [Fact]
    public async Task No_token_is_UNAUTHENTICATED_and_another_banks_product_is_PERMISSION_DENIED()
    {
        using var channel = platform.Grpc();
        var catalog = new Catalog.V1.Catalog.CatalogClient(channel);
        var (bankA, bankB) = (await platform.CreateBankAsync(), await platform.CreateBankAsync());
        var productId = (string)(await platform.ListProductAsync(bankB))["productId"]!;

        var anonymous = await Assert.ThrowsAsync<RpcException>(async () =>
            await catalog.BrowseProductsAsync(new BrowseProductsRequest(), cancellationToken: Cancel));
        var denied = await Assert.ThrowsAsync<RpcException>(async () => await catalog.DelistProductAsync(
            new DelistProductRequest { BankId = bankB, ProductId = productId },
            Platform.Bearer(await platform.TokenAsync("bank", bankA)), cancellationToken: Cancel));

        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
    }

    [Fact]
    public async Task A_second_registration_is_ALREADY_EXISTS()
    {
        using var channel = platform.Grpc();
        var registry = new EnterpriseRegistry.EnterpriseRegistryClient(channel);
        var uscc = TestData.NewUscc();
        var token = Platform.Bearer(await platform.TokenAsync("enterprise", uscc));
        var request = new RegisterEnterpriseRequest
        {
            Uscc = uscc, Name = "Twice", IndustryCode = "F52", RegionCode = "130903", Employees = 12,
            AnnualRevenueFen = 150_000_000, EstablishedOn = "2019-09-09", TaxCreditRating = TaxCreditRating.B,
        };

        var first = await registry.RegisterEnterpriseAsync(request, token, cancellationToken: Cancel);
        var again = await Assert.ThrowsAsync<RpcException>(async () => await registry.RegisterEnterpriseAsync(request, token, cancellationToken: Cancel));

        // Retail with 12 staff and 150 万元: at least 10 and 100 (small), below 50 and 500 (medium).
        Assert.Equal(SizeClass.Small, first.SizeClass);
        Assert.Equal(StatusCode.AlreadyExists, again.StatusCode);
    }
}
