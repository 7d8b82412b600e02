using FinanceMarket.Matching.Model;
using FinanceMarket.Matching.V1;
using FinanceMarket.ServiceDefaults.Storage;
using Grpc.Core;

namespace FinanceMarket.Matching.Grpc;

// Lists of applications for the bank, the enterprise and officials, and the stream reconciliation reads.
internal sealed partial class MatchingService
{
    public override async Task<ListApplicationsResponse> ListBankApplications(ListBankApplicationsRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        if (!caller.IsBank || caller.Subject != request.BankId)
        {
            Caller.Deny($"Only bank {request.BankId} itself may read its applications.");
        }

        return await ListAsync(new ApplicationQuery(request.BankId, null, null, null), request.Status, request.PageSize, request.PageToken, context);
    }

    public override async Task<ListApplicationsResponse> ListEnterpriseApplications(ListEnterpriseApplicationsRequest request, ServerCallContext context)
    {
        var uscc = UnifiedSocialCreditCode.Normalize(request.Uscc);
        RequireTheEnterprise(Caller.From(context), uscc, "read its applications");
        return await ListAsync(new ApplicationQuery(null, uscc, null, null), request.Status, request.PageSize, request.PageToken, context);
    }

    public override async Task<ListApplicationsResponse> ListApplications(ListApplicationsRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        var region = caller.RegionToRead(request.RegionCode, "list applications");
        var page = await ListAsync(new ApplicationQuery(null, null, region, null), request.Status, request.PageSize, request.PageToken, context);
        if (page.Applications.Count > 0)
        {
            await reads.RecordReadAsync(caller, AuditActions.ApplicationsListed, region, "applications?regionCode=" + region,
                new { ApplicationIds = page.Applications.Select(a => a.ApplicationId).ToList() }, time.GetUtcNow(), context.CancellationToken);
        }

        return page;
    }

    public override async Task StreamApplications(StreamApplicationsRequest request, IServerStreamWriter<V1.Application> responseStream, ServerCallContext context)
    {
        var region = Caller.From(context).RegionToRead(request.RegionCode, "read applications");
        var violations = new Violations();
        var status = MatchingMapping.ToStatus(violations, request.Status);
        violations.ThrowIfAny();

        string? after = null;
        do
        {
            var page = await store.ListApplicationsAsync(new ApplicationQuery(null, null, region, status), ServiceDefaults.Validation.Paging.MaxPageSize, after, context.CancellationToken);
            foreach (var application in page.Items)
            {
                await responseStream.WriteAsync(MatchingMapping.ToProto(application), context.CancellationToken);
            }

            after = page.LastKey;
        }
        while (after is not null);
    }

    private async Task<ListApplicationsResponse> ListAsync(ApplicationQuery query, V1.ApplicationStatus status, int pageSize, string pageToken, ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        var violations = new Violations();
        var filtered = query with { Status = MatchingMapping.ToStatus(violations, status) };
        var (size, after) = ServiceDefaults.Validation.Paging.Read(violations, pageSize, pageToken);
        violations.ThrowIfAny();

        var page = await store.ListApplicationsAsync(filtered, size, after, cancellationToken);
        var response = new ListApplicationsResponse { NextPageToken = ServiceDefaults.Validation.Paging.Token(page.LastKey) };
        var names = await market.NamesAsync(page.Items.Select(a => a.BankId), context);
        response.Applications.AddRange(page.Items.Select(a => MatchingMapping.ToProto(a, names)));
        return response;
    }
}
