using System.Reflection;
using FinanceMarket.ServiceDefaults.Validation;
using Google.Protobuf.Reflection;

namespace FinanceMarket.FunctionalTests.Contracts;

// Every proto enum has one domain twin, and ProtoEnums maps each value both ways by name. The numbers are
// equal too (a request's raw lists are validated as numbers, and the shelf index uses them as positions),
// and an enum marked [WireNames] is written outside exactly as the proto spells it.
public sealed class ProtoEnumTests
{
    private static readonly Dictionary<Type, Type> Twins = new()
    {
        [typeof(FinanceMarket.Common.V1.SizeClass)] = typeof(global::FinanceMarket.Domain.SizeClass),
        [typeof(FinanceMarket.Common.V1.TaxCreditRating)] = typeof(global::FinanceMarket.Domain.TaxCreditRating),
        [typeof(FinanceMarket.Common.V1.ProductKind)] = typeof(global::FinanceMarket.Domain.ProductKind),
        [typeof(FinanceMarket.Catalog.V1.ProductStatus)] = typeof(global::FinanceMarket.Catalog.Model.ProductStatus),
        [typeof(FinanceMarket.Matching.V1.ApplicationStatus)] = typeof(global::FinanceMarket.Matching.Model.ApplicationStatus),
        [typeof(FinanceMarket.Matching.V1.ReasonCode)] = typeof(global::FinanceMarket.Matching.Engine.ReasonCode),
        [typeof(FinanceMarket.Matching.V1.ApplicationOrigin)] = typeof(global::FinanceMarket.Matching.Model.ApplicationOrigin),
        [typeof(FinanceMarket.Matching.V1.ContactChannel)] = typeof(global::FinanceMarket.Matching.Model.ContactChannel),
        // Nested where their values would clash with another enum's in the package (COLLATERAL, WITHDRAWN).
        [typeof(FinanceMarket.Matching.V1.Rejection.Types.Code)] = typeof(global::FinanceMarket.Matching.Model.RejectionCode),
        [typeof(FinanceMarket.Matching.V1.Broadcast.Types.Status)] = typeof(global::FinanceMarket.Matching.Model.BroadcastStatus),
        [typeof(FinanceMarket.Matching.V1.SupervisionItem.Types.Step)] = typeof(global::FinanceMarket.Matching.Model.StepKind),
        [typeof(FinanceMarket.Subsidies.V1.RateRule)] = typeof(global::FinanceMarket.Subsidies.Model.RateRule),
        [typeof(FinanceMarket.Subsidies.V1.ClaimStatus)] = typeof(global::FinanceMarket.Subsidies.Model.ClaimStatus),
        [typeof(FinanceMarket.Subsidies.V1.ProgramStatus)] = typeof(global::FinanceMarket.Subsidies.Model.ProgramStatus),
        [typeof(FinanceMarket.Totals.V1.BreakdownBy)] = typeof(global::FinanceMarket.Totals.Model.Dimension),
        [typeof(FinanceMarket.Notifications.V1.Notification.Types.Kind)] = typeof(global::FinanceMarket.Notifications.Model.NoticeKind),
        [typeof(FinanceMarket.Notifications.V1.WebhookDelivery.Types.Status)] = typeof(global::FinanceMarket.Notifications.Model.DeliveryStatus),
        [typeof(FinanceMarket.Credit.V1.RecordKind)] = typeof(global::FinanceMarket.Credit.Model.RecordKind),
        [typeof(FinanceMarket.Credit.V1.ConsentPurpose)] = typeof(global::FinanceMarket.Credit.Model.ConsentPurpose),
        [typeof(FinanceMarket.Credit.V1.CreditRecord.Types.Severity)] = typeof(global::FinanceMarket.Credit.Model.Severity),
        [typeof(FinanceMarket.Loans.V1.LoanStatus)] = typeof(global::FinanceMarket.Loans.Model.LoanStatus),
        [typeof(FinanceMarket.Loans.V1.ScheduleKind)] = typeof(global::FinanceMarket.Loans.Model.ScheduleKind),
        [typeof(FinanceMarket.Loans.V1.RenewalKind)] = typeof(global::FinanceMarket.Loans.Model.RenewalKind),
        [typeof(FinanceMarket.Loans.V1.LedgerEntry.Types.Kind)] = typeof(global::FinanceMarket.Loans.Model.EntryKind),
    };

    [Fact]
    public void Every_proto_enum_has_a_domain_twin()
    {
        var protoEnums = typeof(ProtoEnumTests).Assembly.GetTypes()
            .Where(t => t.IsEnum && (!t.IsNested || t.DeclaringType!.Name == "Types") && t.Namespace is { } ns && ns.StartsWith("FinanceMarket.", StringComparison.Ordinal) && ns.EndsWith(".V1", StringComparison.Ordinal))
            .ToHashSet();
        // Nested enums that only filter or label a list (an order, the supervision list's three states) map in
        // their service's code and are named here as such.
        Type[] mappedByHand =
        [
            typeof(FinanceMarket.Matching.V1.ListOpportunitiesRequest.Types.Order), typeof(FinanceMarket.Matching.V1.SupervisionItem.Types.Status),
            typeof(FinanceMarket.Totals.V1.ListScorecardsRequest.Types.SortBy),
        ];
        Assert.Equal(protoEnums.Except(mappedByHand).Select(t => t.FullName).Order(StringComparer.Ordinal), Twins.Keys.Select(t => t.FullName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_proto_enum_value_round_trips_through_its_domain_twin()
    {
        var problems = new List<string>();
        foreach (var (proto, domain) in Twins)
        {
            var toDomain = typeof(ProtoEnums).GetMethod(nameof(ProtoEnums.ToDomain))!.MakeGenericMethod(domain);
            var toProto = typeof(ProtoEnums).GetMethod(nameof(ProtoEnums.ToProto))!.MakeGenericMethod(proto);
            var wire = typeof(global::FinanceMarket.Domain.WireNames).GetMethod(nameof(Domain.WireNames.Wire))!.MakeGenericMethod(domain);
            var values = Enum.GetValues(proto).Cast<Enum>().Where(v => Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture) != 0).ToList();
            if (values.Count != Enum.GetValues(domain).Length)
            {
                problems.Add($"{proto.Name} has {values.Count} values, {domain.FullName} {Enum.GetValues(domain).Length}");
            }

            foreach (var value in values)
            {
                var twin = (Enum)toDomain.Invoke(null, [value])!;
                var back = (Enum)toProto.Invoke(null, [twin])!;
                if (!back.Equals(value) || Convert.ToInt32(twin, System.Globalization.CultureInfo.InvariantCulture) != Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture))
                {
                    problems.Add($"{proto.Name}.{value} → {domain.Name}.{twin} ({Convert.ToInt32(twin, System.Globalization.CultureInfo.InvariantCulture)}) → {back}");
                }

                var spelled = proto.GetField(value.ToString())!.GetCustomAttribute<OriginalNameAttribute>()!.Name;
                if (Domain.WireNames.Apply(domain) && (string)wire.Invoke(null, [twin])! != spelled)
                {
                    problems.Add($"{domain.Name}.{twin} is written {wire.Invoke(null, [twin])}, the proto spells it {spelled}");
                }
            }

            Assert.Throws<ArgumentOutOfRangeException>(() =>
            {
                try
                {
                    toDomain.Invoke(null, [Enum.ToObject(proto, 0)]);
                }
                catch (TargetInvocationException e)
                {
                    throw e.InnerException!;
                }
            });
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void A_wire_name_is_read_exactly_as_written()
    {
        Assert.Equal("TAX_BASED", Domain.WireNames.Wire(Domain.ProductKind.TaxBased));
        Assert.Equal(Domain.ProductKind.IpPledge, Domain.WireNames.Parse<Domain.ProductKind>("IP_PLEDGE"));
        Assert.False(Domain.WireNames.TryParse<Domain.ProductKind>("TaxBased", out _));
        Assert.False(Domain.WireNames.TryParse<Domain.SizeClass>("small", out _));
        Assert.False(Domain.WireNames.TryParse<Domain.SizeClass>("3", out _));
    }
}
