using System.Globalization;
using FinanceMarket.ServiceDefaults.Hosting;
using FinanceMarket.Totals.Infrastructure;
using FinanceMarket.Totals.Model;
using Grpc.Core;
using MatchingV1 = FinanceMarket.Matching.V1;
using SubsidiesV1 = FinanceMarket.Subsidies.V1;

namespace FinanceMarket.Totals.Grpc;

public sealed record Difference(string Scope, string Figure, long Running, long Rebuilt);

// Rebuilds a region's totals from the sources of truth (every application in matching, every paid claim
// in subsidies, streamed over gRPC) by the same rules the events are counted with, and lists every figure
// of the region, its districts, banks, industries and months where the running totals differ. Events still
// on their way show as differences until they arrive: a report taken while deals are being approved is
// read twice.
internal sealed class Reconciliation(ITotalsStore running, MatchingV1.Matching.MatchingClient matching, SubsidiesV1.Subsidies.SubsidiesClient subsidies)
{
    public async Task<IReadOnlyList<Difference>> RunAsync(string region, Metadata credentials, CancellationToken cancellationToken)
    {
        var rebuilt = new MemoryTotalsStore();
        // A source record the rules cannot count is reported as such, not as a failed reconciliation.
        var uncountable = new List<Difference>();
        try
        {
            using var applications = matching.StreamApplications(new MatchingV1.StreamApplicationsRequest { RegionCode = region }, credentials, cancellationToken: cancellationToken);
            await foreach (var application in applications.ResponseStream.ReadAllAsync(cancellationToken))
            {
                try
                {
                    foreach (var change in Changes(application).ToList())
                    {
                        await rebuilt.ApplyAsync(change, cancellationToken);
                    }
                }
                catch (Exception ex) when (ex is ArgumentException or FormatException or NullReferenceException)
                {
                    uncountable.Add(new Difference("application:" + application.ApplicationId, "uncountable: " + ex.Message, 0, 0));
                }
            }

            using var claims = subsidies.StreamPaidClaims(new SubsidiesV1.StreamPaidClaimsRequest { RegionCode = region }, credentials, cancellationToken: cancellationToken);
            await foreach (var claim in claims.ResponseStream.ReadAllAsync(cancellationToken))
            {
                try
                {
                    await rebuilt.ApplyAsync(TotalsRules.Paid(new SubsidyPaidIntegrationEvent(claim.PrincipalFen, Day(claim.PaidAt), [])
                    {
                        About = new(claim.ClaimId, claim.ProgramId, claim.ApplicationId, claim.Uscc, claim.BankId, claim.RegionCode, claim.IndustryCode, claim.AmountFen),
                    }), cancellationToken);
                }
                catch (Exception ex) when (ex is ArgumentException or FormatException)
                {
                    uncountable.Add(new Difference("claim:" + claim.ClaimId, "uncountable: " + ex.Message, 0, 0));
                }
            }
        }
        catch (RpcException ex) when (ResilientGrpcClients.IsUnreachable(ex))
        {
            throw new RpcException(new Status(StatusCode.Unavailable, $"A source of truth is not answering ({ex.Status.Detail}); the totals cannot be rebuilt now."));
        }

        var differences = new List<Difference>(uncountable);
        Compare(differences, Scopes.Of(region), await running.GetAsync(Scopes.Of(region), cancellationToken), await rebuilt.GetAsync(Scopes.Of(region), cancellationToken));
        foreach (var dimension in Enum.GetValues<Dimension>())
        {
            var mine = (await running.BreakdownAsync(region, dimension, cancellationToken)).ToDictionary(r => r.Key, r => r.Figures, StringComparer.Ordinal);
            var truth = (await rebuilt.BreakdownAsync(region, dimension, cancellationToken)).ToDictionary(r => r.Key, r => r.Figures, StringComparer.Ordinal);
            foreach (var key in mine.Keys.Union(truth.Keys).Order(StringComparer.Ordinal))
            {
                Compare(differences, Scopes.Of(region, dimension, key), mine.GetValueOrDefault(key, Figures.Zero), truth.GetValueOrDefault(key, Figures.Zero));
            }
        }

        return differences;
    }

    // The events an application's record implies: its submission, and its outcome if it has one.
    private static IEnumerable<TotalsChange> Changes(MatchingV1.Application a)
    {
        var kind = ProtoEnums.ToDomain<ProductKind>(a.ProductKind).Wire();
        var about = new ApplicationRef(a.ApplicationId, a.ProductId, a.BankId, a.Uscc, a.RegionCode, a.IndustryCode);
        yield return TotalsRules.Submitted(new ApplicationSubmittedIntegrationEvent(a.NeedId, kind, a.RequestedAmountFen, Day(a.SubmittedAt), a.DecideBy) { About = about });
        switch (a.Status)
        {
            case MatchingV1.ApplicationStatus.Approved:
                yield return TotalsRules.Approved(new ApplicationApprovedIntegrationEvent(
                    ProtoEnums.ToDomain<SizeClass>(a.SizeClass).Wire(), kind, a.Deal.GrantedAmountFen, a.Deal.AnnualRateBp, a.Deal.TermMonths, a.Deal.ContractDate,
                    a.SubsidyEligible) { About = about });
                break;
            case MatchingV1.ApplicationStatus.Rejected:
                yield return TotalsRules.Rejected(new ApplicationRejectedIntegrationEvent(a.RejectionReason, Day(a.DecidedAt)) { About = about });
                break;
        }
    }

    private static void Compare(List<Difference> differences, string scope, Figures running, Figures rebuilt)
    {
        var mine = running.ToCounters();
        var truth = rebuilt.ToCounters();
        differences.AddRange(Figures.Names.Where(n => mine[n] != truth[n]).Select(n => new Difference(scope, n, mine[n], truth[n])));
    }

    // An instant as the Asia/Shanghai date the events carry.
    private static string Day(string instant) =>
        ChinaTime.DateOf(DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture))
            .ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
