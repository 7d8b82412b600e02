using FinanceMarket.Totals.Infrastructure;
using FinanceMarket.Totals.Model;
using FinanceMarket.Totals.V1;
using Google.Api;
using Google.Protobuf;
using Grpc.Core;

namespace FinanceMarket.Totals.Grpc;

internal sealed partial class TotalsService
{
    // The month's report of a region: the region's figures over its months, and the month's figures of each
    // bank (by name), sub-region and industry section. Read from the running totals, so it equals them.
    public override async Task<HttpBody> GetMonthlyReport(GetMonthlyReportRequest request, ServerCallContext context)
    {
        var caller = Caller.From(context);
        var violations = new Violations();
        violations.Require(Months.TryParse(request.Month, out _), "month", Reasons.NotAMonth, "must be a month YYYY-MM", ("got", Problem.Shown(request.Month)));
        var format = request.Format.Length == 0 ? "xlsx" : request.Format.ToLowerInvariant();
        violations.Require(ReportFiles.Formats.Contains(format), "format", Reasons.NotOneOf, "must be xlsx, csv or html",
            ("allowed", ReportFiles.Formats), ("got", Problem.Shown(request.Format)));
        violations.ThrowIfAny();
        var region = caller.RegionToRead(request.RegionCode, "read the monthly report");
        var cancellationToken = context.CancellationToken;

        var months = await store.BreakdownAsync(region, Dimension.Month, cancellationToken);
        var banks = await store.InMonthAsync(region, Dimension.Bank, request.Month, cancellationToken);
        var names = await bankNames.ForAsync(banks.Select(b => b.Key), ForwardedCredentials.From(context), cancellationToken);
        var districts = MonthlyReport.SubRegions(region, await store.InMonthAsync(region, Dimension.Region, request.Month, cancellationToken));
        var sections = await store.InMonthAsync(region, Dimension.Industry, request.Month, cancellationToken);
        var report = MonthlyReport.Of(region, request.Month, time.GetUtcNow(), months,
        [
            ("按银行", "银行代码", [.. banks.Select(b => (b.Key, names(b.Key), b.Figures))]),
            ("按地区", "地区代码", [.. districts.Select(d => (d.Key, d.Key, d.Figures))]),
            ("按行业", "行业门类", [.. sections.Select(s => (s.Key, Label(Dimension.Industry, s.Key), s.Figures))]),
        ]);
        var (contentType, data) = ReportFiles.Write(report, format);
        context.GetHttpContext().Response.Headers.ContentDisposition = $"{(format == "html" ? "inline" : "attachment")}; filename=\"monthly-report-{region}-{request.Month}.{format}\"";
        return new HttpBody { ContentType = contentType, Data = ByteString.CopyFrom(data) };
    }
}
