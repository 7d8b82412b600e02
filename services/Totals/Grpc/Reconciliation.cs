using System.Globalization;
using FinanceMarket.ServiceDefaults.Hosting;
using FinanceMarket.Totals.Infrastructure;
using FinanceMarket.Totals.Model;
using Grpc.Core;
using EnterprisesV1 = FinanceMarket.Enterprises.V1;
using LoansV1 = FinanceMarket.Loans.V1;
using MatchingV1 = FinanceMarket.Matching.V1;
using SubsidiesV1 = FinanceMarket.Subsidies.V1;

namespace FinanceMarket.Totals.Grpc;

public sealed record Difference(string Scope, string Figure, long Running, long Rebuilt);

// Rebuilds a region's totals from the sources of truth (every application in matching, every paid claim
// in subsidies, every line of every loan ledger, streamed over gRPC, and the registry's counts of the
// enterprises it took) by the same rules the events are counted with, and lists every figure
// of the region, its districts, banks, industries and months where the running totals differ. Events still
// on their way show as differences until they arrive: a report taken while deals are being approved is
// read twice.
internal sealed class Reconciliation(
    ITotalsStore running,
    MatchingV1.Matching.MatchingClient matching,
    MatchingV1.Supervision.SupervisionClient supervision,
    SubsidiesV1.Subsidies.SubsidiesClient subsidies,
    LoansV1.Loans.LoansClient loans,
    EnterprisesV1.EnterpriseRegistry.EnterpriseRegistryClient registry)
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

            // The steps banks missed, for the scorecards.
            using var steps = supervision.StreamRaisedSteps(new MatchingV1.StreamRaisedStepsRequest { RegionCode = region }, credentials, cancellationToken: cancellationToken);
            await foreach (var step in steps.ResponseStream.ReadAllAsync(cancellationToken))
            {
                try
                {
                    await rebuilt.ApplyAsync(Scorecards.Overdue(new ServiceStepOverdueIntegrationEvent(
                        step.StepId, Wire(step.Step), step.NeedId, NullIfEmpty(step.ApplicationId), NullIfEmpty(step.BankId), step.Uscc,
                        step.RegionCode, step.IndustryCode, step.DueOn, step.RaisedOn)), cancellationToken);
                }
                catch (ArgumentException ex)
                {
                    uncountable.Add(new Difference("step:" + step.StepId, "uncountable: " + ex.Message, 0, 0));
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

            using var lines = loans.StreamLedgerLines(new LoansV1.StreamLedgerLinesRequest { RegionCode = region }, credentials, cancellationToken: cancellationToken);
            await foreach (var line in lines.ResponseStream.ReadAllAsync(cancellationToken))
            {
                try
                {
                    await rebuilt.ApplyAsync(TotalsRules.LoanEntry(Entry(line)), cancellationToken);
                }
                catch (ArgumentException ex)
                {
                    uncountable.Add(new Difference($"loan:{line.LoanId}#{line.Sequence}", "uncountable: " + ex.Message, 0, 0));
                }
            }

            var registrations = await registry.CountRegistrationsAsync(new EnterprisesV1.CountRegistrationsRequest { RegionCode = region }, credentials, cancellationToken: cancellationToken);
            foreach (var count in registrations.Counts)
            {
                try
                {
                    await rebuilt.ApplyAsync(TotalsRules.Registrations(Guid.NewGuid(), count.RegionCode, count.IndustrySection, count.Month, count.Count), cancellationToken);
                }
                catch (ArgumentException ex)
                {
                    uncountable.Add(new Difference($"registrations:{count.RegionCode}|{count.IndustrySection}|{count.Month}", "uncountable: " + ex.Message, 0, 0));
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
            var keys = await CompareUnderAsync(differences, rebuilt, Scopes.Prefix(region, dimension)[..^1], cancellationToken);
            if (dimension != Dimension.Month)
            {
                // Each bank's, district's and industry's months.
                foreach (var key in keys)
                {
                    await CompareUnderAsync(differences, rebuilt, Scopes.Of(region, dimension, key), cancellationToken);
                }
            }
        }

        var mineByDay = (await running.ScoreRowsAsync(region, DateOnly.MinValue, DateOnly.MaxValue, cancellationToken)).ToDictionary(r => r.Day, r => r.Counters, StringComparer.Ordinal);
        var truthByDay = (await rebuilt.ScoreRowsAsync(region, DateOnly.MinValue, DateOnly.MaxValue, cancellationToken)).ToDictionary(r => r.Day, r => r.Counters, StringComparer.Ordinal);
        foreach (var day in mineByDay.Keys.Union(truthByDay.Keys).Order(StringComparer.Ordinal))
        {
            var mine = mineByDay.GetValueOrDefault(day) ?? new Dictionary<string, long>();
            var truth = truthByDay.GetValueOrDefault(day) ?? new Dictionary<string, long>();
            differences.AddRange(mine.Keys.Union(truth.Keys).Order(StringComparer.Ordinal)
                .Where(n => mine.GetValueOrDefault(n) != truth.GetValueOrDefault(n))
                .Select(n => new Difference(Scorecards.Scope(region, day), n, mine.GetValueOrDefault(n), truth.GetValueOrDefault(n))));
        }

        return differences;
    }

    // The scopes under the head in either store, each compared; their keys.
    private async Task<IReadOnlyList<string>> CompareUnderAsync(List<Difference> differences, MemoryTotalsStore rebuilt, string head, CancellationToken cancellationToken)
    {
        var mine = (await running.UnderAsync(head, cancellationToken)).ToDictionary(r => r.Key, r => r.Figures, StringComparer.Ordinal);
        var truth = (await rebuilt.UnderAsync(head, cancellationToken)).ToDictionary(r => r.Key, r => r.Figures, StringComparer.Ordinal);
        var keys = mine.Keys.Union(truth.Keys).Order(StringComparer.Ordinal).ToList();
        foreach (var key in keys)
        {
            Compare(differences, head + "|" + key, mine.GetValueOrDefault(key, Figures.Zero), truth.GetValueOrDefault(key, Figures.Zero));
        }

        return keys;
    }

    // A ledger line back into the event it was published as (its id aside, which only keeps a delivery once).
    private static LoanEntryRecordedIntegrationEvent Entry(LoansV1.LedgerLine l) => new(
        l.LoanId, l.ApplicationId, l.BankId, l.Uscc, l.RegionCode, l.IndustryCode, l.SizeClass, l.ProductKind, l.Sequence, l.Kind, l.On,
        l.PrincipalFen, l.InterestFen, l.BalanceAfterFen, l.BalanceDeltaFen, l.OverdueDeltaFen, l.Status)
    {
        FirstLoan = l.FirstLoan,
        CreditLoan = l.CreditLoan,
        InclusiveSmallMicro = l.InclusiveSmallMicro,
        Renewal = l.Renewal,
        FirstDisbursement = l.FirstDisbursement,
        OtherLoanId = NullIfEmpty(l.OtherLoanId),
        RenewalKind = NullIfEmpty(l.RenewalKind),
    };

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    // The events an application's record implies: its submission, its take, its first contact, its outcome if
    // it has one, and its referral; each with the figures' change and the scorecard's, as the events are counted.
    private static IEnumerable<TotalsChange> Changes(MatchingV1.Application a)
    {
        var kind = ProtoEnums.ToDomain<ProductKind>(a.ProductKind).Wire();
        var about = new ApplicationRef(a.ApplicationId, a.ProductId, a.BankId, a.Uscc, a.RegionCode, a.IndustryCode);
        var submitted = new ApplicationSubmittedIntegrationEvent(a.NeedId, kind, a.RequestedAmountFen, Day(a.SubmittedAt), a.DecideBy) { About = about };
        yield return TotalsRules.Submitted(submitted);
        yield return Scorecards.Submitted(submitted);
        if (a.Origin == MatchingV1.ApplicationOrigin.Taken)
        {
            yield return Scorecards.Taken(new NeedTakenIntegrationEvent(a.NeedId, a.Round, Day(a.SubmittedAt), a.WorkingMinutesToTake, a.ViaReferral) { About = about });
        }

        if (a.Contact is { } contact)
        {
            yield return Scorecards.Contacted(new ApplicationContactedIntegrationEvent(
                Wire(contact.Channel), Day(contact.At), a.ContactBy, contact.WorkingMinutes) { About = about });
        }

        // A decision made before the times were kept has none, and its day is its contract's, as its event said.
        long? minutes = a.HasWorkingMinutesToDecide ? a.WorkingMinutesToDecide : null;
        switch (a.Status)
        {
            case MatchingV1.ApplicationStatus.Approved:
                var approved = new ApplicationApprovedIntegrationEvent(
                    ProtoEnums.ToDomain<SizeClass>(a.SizeClass).Wire(), kind, a.Deal.GrantedAmountFen, a.Deal.AnnualRateBp, a.Deal.TermMonths, a.Deal.ContractDate,
                    a.SubsidyEligible)
                {
                    About = about,
                    DecidedOn = minutes is null ? null : Day(a.DecidedAt),
                    WorkingMinutesToDecide = minutes,
                    ViaReferral = a.ViaReferral,
                };
                yield return TotalsRules.Approved(approved);
                yield return Scorecards.Approved(approved);
                break;
            case MatchingV1.ApplicationStatus.Rejected:
                var rejected = new ApplicationRejectedIntegrationEvent(a.RejectionReason, Day(a.DecidedAt))
                {
                    About = about,
                    Code = a.Rejection?.Code is { } code and not MatchingV1.Rejection.Types.Code.Unspecified ? Wire(code) : null,
                    WorkingMinutesToDecide = minutes,
                };
                yield return TotalsRules.Rejected(rejected);
                yield return Scorecards.Rejected(rejected);
                break;
            case MatchingV1.ApplicationStatus.Expired:
                var expired = new ApplicationExpiredIntegrationEvent(a.DecideBy) { About = about };
                yield return TotalsRules.Expired(expired);
                yield return Scorecards.Expired(expired);
                break;
            case MatchingV1.ApplicationStatus.Withdrawn:
                yield return Scorecards.Withdrawn(new ApplicationWithdrawnIntegrationEvent(a.WithdrawnReason, Day(a.DecidedAt)) { About = about });
                break;
        }

        if (a.ReferredAt.Length > 0)
        {
            yield return Scorecards.Referred(new ApplicationReferredIntegrationEvent(a.NeedId, string.Empty, 0, 0, Day(a.ReferredAt)) { About = about });
        }
    }

    // A proto enum value as the events spell it (COLLATERAL, PHONE): its name in the proto.
    private static string Wire(Enum value) =>
        value.GetType().GetField(value.ToString())!.GetCustomAttributes(typeof(Google.Protobuf.Reflection.OriginalNameAttribute), false)
            .Cast<Google.Protobuf.Reflection.OriginalNameAttribute>().Single().Name;

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
