using System.Reflection;
using NetArchTest.Rules;

namespace FinanceMarket.UnitTests;

// Each service's Model/ is its domain: rules and records that know nothing of gRPC, of their stores'
// adapters or of hosting. Its refusals are DomainExceptions, which one interceptor maps to gRPC statuses;
// its store interfaces live beside it and the adapters in Infrastructure/ depend on it, never the reverse.
public sealed class ArchitectureTests
{
    // Every service of the topology, by the last part of its assembly's name.
    public static TheoryData<string> Services => [.. Topology.Services.Select(s => s.Project["FinanceMarket.".Length..])];

    [Theory]
    [MemberData(nameof(Services))]
    public void The_model_references_neither_grpc_nor_the_infrastructure_nor_hosting(string service)
    {
        var assembly = Assembly.Load("FinanceMarket." + service);
        var result = Types.InAssembly(assembly)
            .That().ResideInNamespace($"FinanceMarket.{service}.Model")
            .ShouldNot().HaveDependencyOnAny(
                "Grpc.Core",
                $"FinanceMarket.{service}.Infrastructure",
                $"FinanceMarket.{service}.Grpc",
                $"FinanceMarket.{service}.V1",
                "Microsoft.Extensions.Hosting",
                "MongoDB",
                "Microsoft.Data.Sqlite")
            .GetResult();
        Assert.True(result.IsSuccessful, $"{service}'s model depends on: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void The_domain_library_references_no_service_framework()
    {
        var result = Types.InAssembly(typeof(Domain.DomainException).Assembly)
            .ShouldNot().HaveDependencyOnAny("Grpc", "Google.Protobuf", "Microsoft.AspNetCore", "MongoDB", "Microsoft.Data.Sqlite")
            .GetResult();
        Assert.True(result.IsSuccessful, "Domain depends on: " + string.Join(", ", result.FailingTypeNames ?? []));
    }
}
