using System.Globalization;
using FinanceMarket.Subsidies.Model;
using FinanceMarket.Subsidies.V1;
using Grpc.Core;

namespace FinanceMarket.Subsidies.Grpc;

internal sealed partial class SubsidiesService
{
    public override async Task<ListAuditEntriesResponse> ListAuditEntries(ListAuditEntriesRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        if (!caller.IsOfficial && !caller.IsOperator)
        {
            Caller.Deny("Only officials and the platform's operator read the audit log.");
        }

        var v = new Violations();
        var from = v.Date("from", request.From, required: false);
        var to = v.Date("to", request.To, required: false);
        if (from is { } f && to is { } t && t < f)
        {
            v.Add("to", Reasons.BelowField, "must not be before from", ("field", "from"), ("min", f));
        }

        string? region = null;
        if (!string.IsNullOrEmpty(request.RegionCode) || caller.IsOfficial)
        {
            region = caller.IsOfficial ? caller.RegionToRead(request.RegionCode, "read the audit log") : request.RegionCode;
            if (RegionCode.PrefixProblem(region) is { } problem)
            {
                v.Add("regionCode", problem);
            }
        }

        var (size, after) = ServiceDefaults.Validation.Paging.Read(v, request.PageSize, request.PageToken);
        long? before = null;
        if (after is not null)
        {
            v.Require(long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out var seq), "pageToken", Reasons.BadPageToken, "is not a token this service issued");
            before = seq;
        }

        v.ThrowIfAny();
        var query = new AuditQuery(region, from is { } day ? ChinaTime.StartOf(day) : null, to is { } last ? ChinaTime.StartOf(last.AddDays(1)) : null);
        var page = await auditLog.ListAsync(query, size, before, context.CancellationToken);
        var response = new ListAuditEntriesResponse { NextPageToken = ServiceDefaults.Validation.Paging.Token(page.LastKey) };
        response.Entries.AddRange(page.Items.Select(SubsidiesMapping.ToProto));
        return response;
    }

    public override async Task<AuditVerification> VerifyAuditLog(VerifyAuditLogRequest request, ServerCallContext context)
    {
        RequireOperator(Caller.From(context), "verify the audit log");
        var (count, broken) = await AuditChain.VerifyAsync(auditLog.ReadAllAsync(context.CancellationToken), context.CancellationToken);
        return broken is null
            ? new AuditVerification { EntriesChecked = count, Intact = true }
            : new AuditVerification { EntriesChecked = count, Intact = false, FirstBreakSeq = broken.Seq, Problem = broken.Problem };
    }
}
