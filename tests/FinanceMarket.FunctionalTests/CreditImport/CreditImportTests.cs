using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using FinanceMarket.CreditImport;
using FinanceMarket.Domain;
using FinanceMarket.TestInfrastructure;

namespace FinanceMarket.FunctionalTests.CreditImport;

// The command-line importer (tools/CreditImport) against the real platform: a CSV with good and bad rows,
// the bad ones reported by their line; an NDJSON file; a run stopped by a 5xx and resumed, sending only the
// batches not answered, with a busy gateway and a lost answer on the way; and runs again that change nothing.
// Faults are injected by a handler in front of the real HTTP client: every answer counted is the server's.
public sealed class CreditImportTests(Platform platform)
{
    private const string Region = "130903";
    private static readonly int LastYear = ChinaTime.Today(TimeProvider.System).Year - 1;

    [Fact]
    public async Task A_csv_file_imports_its_good_rows_and_reports_the_bad_ones_by_line_in_the_summary_and_the_refused_file()
    {
        var cancel = TestContext.Current.CancellationToken;
        var provider = "import-csv-" + Guid.NewGuid().ToString("N")[..8];
        var good = Enumerable.Range(0, 8).Select(_ => TestData.NewUscc(Region)).ToList();
        var rows = new StringBuilder("\uFEFFuscc,year,tax_paid_fen,invoiced_revenue_fen,tax_credit_rating\r\n");
        foreach (var (uscc, i) in good.Select((u, i) => (u, i)))
        {
            rows.Append(CultureInfo.InvariantCulture, $"{uscc},{LastYear},{100_000 + i},\"{20_000_000 + i}\",B\r\n");
        }

        var notANumber = 10;
        rows.Append(CultureInfo.InvariantCulture, $"{TestData.NewUscc(Region)},abc,1,2,B\r\n");
        var outside = 11;
        rows.Append(CultureInfo.InvariantCulture, $"{TestData.NewUscc("110105")},{LastYear},1,2,A\r\n");
        var future = 12;
        rows.Append(CultureInfo.InvariantCulture, $"{TestData.NewUscc(Region)},{LastYear + 5},1,2,A\r\n");
        var flagged = 13;
        rows.Append(CultureInfo.InvariantCulture, $"{TestData.NewUscc(Region)},{LastYear},500,100,M\r\n");
        var file = WriteFile("tax.csv", rows.ToString());
        var refused = file + ".refused.csv";
        var (stdout, stderr) = (new StringWriter(), new StringWriter());

        var exit = await CreditImportCommand.RunAsync(
            ["--kind", "TAX", "--file", file, "--gateway", platform.RestAddress, "--provider", provider, "--region", Region, "--batch-size", "4", "--refused", refused],
            stdout, stderr, _ => null, ct: cancel);

        // Every batch answered, some records refused: exit status 1. 11 records in 3 batches (4, 4, 3).
        Assert.True(exit == 1, stdout + "\n" + stderr);
        var summary = stdout.ToString();
        Assert.Matches(@"3 batches answered \(3 sent by this run, 0 answered before", summary);
        Assert.Matches(@"records read\s+12\b", summary);
        Assert.Matches(@"not sent\s+1\b", summary);
        Assert.Matches(@"received\s+11\b", summary);
        Assert.Matches(@"accepted\s+9\b", summary);
        Assert.Matches(@"refused\s+2\b", summary);
        Assert.Matches(@"flagged\s+1\b", summary);
        Assert.Contains($"line {notANumber}: year: \"abc\" is not a whole number (32-bit) (not sent)", summary);
        Assert.Contains($"line {outside}: uscc: the enterprise is outside this provider's region {Region}", summary);
        Assert.Contains($"line {flagged}: flagged REVENUE_BELOW_TAX", summary);

        var lines = File.ReadAllLines(refused, Encoding.UTF8);
        Assert.Equal("line,field,message,record", lines[0].TrimStart('\uFEFF'));
        Assert.Equal([(notANumber, "year"), (outside, "uscc"), (future, "year")],
            lines.Skip(1).Select(l => l.Split(',')).Select(c => (int.Parse(c[0], CultureInfo.InvariantCulture), c[1])));
        Assert.EndsWith(",abc,1,2,B\"", lines[1]);

        // The server holds the three batches this provider sent, under the file's batch ids.
        Assert.Equal(3, (await ImportsAsync(provider)).Count);
    }

    [Fact]
    public async Task An_ndjson_file_imports_in_batches()
    {
        var cancel = TestContext.Current.CancellationToken;
        var (provider, token) = await ProviderAsync("import-ndjson-");
        var month = ChinaTime.Today(TimeProvider.System).AddMonths(-1).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var file = WriteFile("insurance.ndjson", string.Concat(Enumerable.Range(0, 25).Select(i =>
            $$"""{"uscc":"{{TestData.NewUscc(Region)}}","month":"{{month}}","insured_employees":{{10 + i}}}""" + "\n")));

        var summary = await ImportAsync(new ImportOptions("SOCIAL_INSURANCE", file) { Token = token, BatchSize = 10 }, new Faults(_ => Fault.None), cancel);

        Assert.True(summary.Completed, summary.StoppedBecause);
        Assert.Equal((3, 25L, 25L, 25L, 0L, 0), (summary.Batches, summary.Read, summary.Received, summary.Accepted, summary.RefusedRecords, summary.ExitCode));
        Assert.Equal(3, (await ImportsAsync(provider)).Count);
    }

    [Fact]
    public async Task A_run_stopped_by_a_server_error_resumes_with_the_batches_not_answered_and_runs_again_change_nothing()
    {
        var cancel = TestContext.Current.CancellationToken;
        var (provider, token) = await ProviderAsync("import-resume-");
        var rows = new StringBuilder("uscc,year,taxPaidFen,invoicedRevenueFen,taxCreditRating\n");
        for (var i = 0; i < 50; i++)
        {
            rows.Append(CultureInfo.InvariantCulture, $"{TestData.NewUscc(Region)},{LastYear},{1_000 + i},{100_000 + i},A\n");
        }

        var file = WriteFile("resume.csv", rows.ToString());
        var options = new ImportOptions("TAX", file) { Token = token, BatchSize = 10, FirstRetryDelay = TimeSpan.FromMilliseconds(10) };

        // The third batch meets a 500: the run stops after two batches answered.
        var broken = new Faults(n => n == 3 ? Fault.ServerError : Fault.None);
        var first = await ImportAsync(options, broken, cancel);
        Assert.False(first.Completed);
        Assert.Contains("500", first.StoppedBecause);
        Assert.Equal((2, 2, 20L, 20L, 3), (first.Batches, first.BatchesSent, first.Received, first.Accepted, first.ExitCode));
        Assert.Equal(2, (await ImportsAsync(provider)).Count);

        // Again: batches 1 and 2 come from the state file; batch 3 gets a 503 and is sent again; batch 4 arrives
        // but its answer is lost, so it is sent again and the server answers it as a repeat. 5 requests, 3 batches.
        var flaky = new Faults(n => n switch { 1 => Fault.Unavailable, 3 => Fault.AnswerLost, _ => Fault.None });
        var second = await ImportAsync(options, flaky, cancel);
        Assert.True(second.Completed, second.StoppedBecause);
        Assert.Equal(5, flaky.Requests);
        Assert.Equal((5, 3, 2, 1), (second.Batches, second.BatchesSent, second.BatchesSkipped, second.BatchesRepeated));
        Assert.Equal((50L, 50L, 50L, 0L, 0L, 0), (second.Read, second.Received, second.Accepted, second.Replaced, second.RefusedRecords, second.ExitCode));
        var imports = await ImportsAsync(provider);
        Assert.Equal(5, imports.Count);
        Assert.Equal(50, imports.Sum(i => (int)i["accepted"]!));
        Assert.Equal(Enumerable.Range(1, 5).Select(n => $"{first.BatchPrefix}-{n}").Order(), imports.Select(i => (string)i["batchId"]!).Order());

        // Once more with the state: nothing sent, the same totals.
        var quiet = new Faults(_ => Fault.None);
        var third = await ImportAsync(options, quiet, cancel);
        Assert.Equal((0, 5, 50L, 50L), (quiet.Requests, third.BatchesSkipped, third.Received, third.Accepted));

        // Without the state file: every batch is sent and the server answers each as a repeat, changing nothing.
        File.Delete(options.State);
        var again = new Faults(_ => Fault.None);
        var fourth = await ImportAsync(options, again, cancel);
        Assert.Equal((5, 5, 5, 50L, 50L), (again.Requests, fourth.BatchesSent, fourth.BatchesRepeated, fourth.Received, fourth.Accepted));
        Assert.Equal(5, (await ImportsAsync(provider)).Count);
    }

    [Fact]
    public async Task A_run_cancelled_after_its_first_batch_resumes_with_the_rest()
    {
        var (provider, token) = await ProviderAsync("import-cancel-");
        var year = LastYear;
        var file = WriteFile("honors.csv", "uscc,kind,year\n" + string.Concat(Enumerable.Range(0, 30).Select(i =>
            $"{TestData.NewUscc(Region)},\"专精特新, {i}\",{year}\n")));
        var options = new ImportOptions("HONOR", file) { Token = token, BatchSize = 10 };

        // The first batch is answered; as the second leaves, the run is cancelled (as Ctrl-C does).
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var first = await ImportAsync(options, new Faults(_ => Fault.None, sending: n => { if (n == 2) { cancel.Cancel(); } }), cancel.Token);
        Assert.Equal((false, "cancelled", 1, 10L, 3), (first.Completed, first.StoppedBecause, first.Batches, first.Accepted, first.ExitCode));

        var rest = new Faults(_ => Fault.None);
        var second = await ImportAsync(options, rest, TestContext.Current.CancellationToken);
        Assert.Equal((true, 2, 1, 2, 30L, 30L, 0), (second.Completed, rest.Requests, second.BatchesSkipped, second.BatchesSent, second.Received, second.Accepted, second.ExitCode));
        Assert.Equal(3, (await ImportsAsync(provider)).Count);
    }

    private async Task<ImportSummary> ImportAsync(ImportOptions options, Faults faults, CancellationToken ct)
    {
        using var http = new HttpClient(faults) { BaseAddress = new Uri(platform.RestAddress) };
        return await new CreditImporter(http, options).RunAsync(ct);
    }

    private async Task<(string Provider, string Token)> ProviderAsync(string prefix)
    {
        var provider = prefix + Guid.NewGuid().ToString("N")[..8];
        return (provider, await platform.TokenAsync("provider", provider, Region));
    }

    // The batches the server holds from this provider (its own, as the provider lists them).
    private async Task<List<JsonNode>> ImportsAsync(string provider)
    {
        using var http = platform.Rest(await platform.TokenAsync("provider", provider, Region));
        var (status, body) = await http.GetJsonAsync("/api/v1/credit-data/imports?pageSize=100");
        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        return [.. body["imports"]!.AsArray().Select(i => i!)];
    }

    private static string WriteFile(string name, string text)
    {
        var folder = Path.Combine(Path.GetTempPath(), "credit-import-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }

    private enum Fault
    {
        None,
        ServerError,
        Unavailable,
        AnswerLost,
    }

    // In front of the real HTTP client: the nth import request (from 1) meets the planned fault or goes through.
    private sealed class Faults(Func<int, Fault> plan, Action<int>? sending = null) : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _requests;

        public int Requests => _requests;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath != "/api/v1/credit-data/imports")
            {
                return await base.SendAsync(request, cancellationToken);
            }

            var n = Interlocked.Increment(ref _requests);
            sending?.Invoke(n);
            switch (plan(n))
            {
                case Fault.ServerError:
                    return new HttpResponseMessage(HttpStatusCode.InternalServerError) { Content = new StringContent("""{"code":13,"message":"injected"}""") };
                case Fault.Unavailable:
                    return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StringContent("") };
                case Fault.AnswerLost:
                    (await base.SendAsync(request, cancellationToken)).Dispose();
                    throw new HttpRequestException("the answer was lost (injected)");
                default:
                    return await base.SendAsync(request, cancellationToken);
            }
        }
    }
}
