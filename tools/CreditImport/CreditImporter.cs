using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FinanceMarket.Terminal;

namespace FinanceMarket.CreditImport;

public sealed record ImportOptions(string Kind, string File)
{
    public const int MaxBatchSize = 10_000;

    // The gateway's limit on the import route's body is 16 MiB; a batch stays a little under it.
    public const int MaxBodyBytes = (16 * 1024 * 1024) - (64 * 1024);

    public InputFormat? Format { get; init; }

    public Uri Gateway { get; init; } = new("http://127.0.0.1:8080");

    public string? Token { get; init; }

    public string? Provider { get; init; }

    public string? Region { get; init; }

    public int BatchSize { get; init; } = MaxBatchSize;

    public string? BatchPrefix { get; init; }

    public string? StatePath { get; init; }

    public string? RefusedPath { get; init; }

    // How many times a batch is sent at most when the gateway is busy (429), unavailable (502, 503, 504) or
    // unreachable, and the first pause between two tries (doubled each time, at most 10 s, or Retry-After).
    public int Attempts { get; init; } = 8;

    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public int BodyLimit { get; init; } = MaxBodyBytes;

    public string State => StatePath ?? File + ".import-state";
}

// The run stopped before every batch had its answer: what was answered is in the state file.
public sealed class ImportStoppedException(string message) : Exception(message);

// Sends a file's records to POST /api/v1/credit-data/imports in batches, in the file's order, each with a
// batch id fixed by the file's content, kind and batch size, so that a run again sends the same batches
// under the same ids. The batches the state file says were answered are not sent again.
public sealed partial class CreditImporter(HttpClient http, ImportOptions options, IProgress<ProgressReport>? progress = null, TextWriter? log = null)
{
    private const string ImportPath = "/api/v1/credit-data/imports";
    private readonly TextWriter _log = log ?? TextWriter.Null;

    public async Task<ImportSummary> RunAsync(CancellationToken ct = default)
    {
        var watch = Stopwatch.StartNew();
        var format = options.Format ?? SourceRecords.FormatOf(options.File)
            ?? throw new InputException($"{options.File}: say --format csv or --format ndjson (the name ends in neither .csv, .ndjson nor .jsonl)");
        var (sha256, lines) = await FingerprintAsync(options.File, ct);
        var prefix = options.BatchPrefix ?? DefaultPrefix(options.Kind, sha256, options.BatchSize);
        var total = Math.Max(0, format == InputFormat.Csv ? lines - 1 : lines);
        var summary = new ImportSummary(options.File, options.Kind, prefix, options.State);
        var token = options.Token ?? await DemoTokenAsync(ct);

        using var reader = SourceRecords.Open(options.File);
        var records = SourceRecords.Read(reader, format, options.Kind);
        using var state = ImportState.Open(options.State, new StateHeader(sha256, options.Kind, prefix, options.BatchSize), _log);
        var batch = new List<SourceRecord>(Math.Min(options.BatchSize, 1024));
        var bytes = 0L;
        var number = 0;
        try
        {
            foreach (var record in records)
            {
                summary.Read++;
                if (record.Json is null)
                {
                    summary.AddNotSent(record);
                    continue;
                }

                if (record.Json.Length + 256 > options.BodyLimit)
                {
                    summary.AddNotSent(record with { Problems = [new LineProblem(record.Line, "", $"the record is {record.Json.Length:N0} bytes, more than a request may carry")] });
                    continue;
                }

                if (batch.Count == options.BatchSize || bytes + record.Json.Length + 1 > options.BodyLimit - 1024)
                {
                    await SendAsync(++number, batch, prefix, token, state, summary, ct);
                    Report(summary, total, number);
                    batch.Clear();
                    bytes = 0;
                }

                batch.Add(record);
                bytes += record.Json.Length + 1;
            }

            if (batch.Count > 0)
            {
                await SendAsync(++number, batch, prefix, token, state, summary, ct);
            }

            summary.Completed = true;
            Report(summary, summary.Read, number);
        }
        catch (ImportStoppedException e)
        {
            summary.StoppedBecause = e.Message;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            summary.StoppedBecause = "cancelled";
        }
        finally
        {
            summary.Elapsed = watch.Elapsed;
        }

        return summary;
    }

    // The default batch id prefix: the kind, the first 16 hex digits of the file's SHA-256 and the batch size
    // (another batch size cuts other batches, which must not take these ids).
    public static string DefaultPrefix(string kind, string sha256, int batchSize) =>
        $"{kind.ToLowerInvariant().Replace('_', '-')}-{sha256[..16]}-{batchSize.ToString(CultureInfo.InvariantCulture)}";

    private void Report(ImportSummary summary, long total, int batches) =>
        progress?.Report(new ProgressReport($"{summary.Read:N0} records read, {batches:N0} batches", summary.Read, Math.Max(total, summary.Read)));

    private async Task SendAsync(int number, List<SourceRecord> batch, string prefix, string token, ImportState state, ImportSummary summary, CancellationToken ct)
    {
        var batchId = $"{prefix}-{number.ToString(CultureInfo.InvariantCulture)}";
        var outcome = state.Answered(batchId);
        if (outcome is not null && outcome.Count == batch.Count && outcome.FirstLine == batch[0].Line)
        {
            summary.Add(outcome, batch, sentNow: false);
            return;
        }

        var body = Body(batchId, batch);
        var waited = Stopwatch.StartNew();
        var answer = await PostAsync(ImportPath, token, body, ct)
            ?? throw new ImportStoppedException($"batch {batchId}: the gateway has no import route ({ImportPath} answered 404)");
        summary.Waiting += waited.Elapsed;
        outcome = Outcome(batchId, number, batch, answer);
        state.Record(outcome);
        summary.Add(outcome, batch, sentNow: true);
    }

    private byte[] Body(string batchId, List<SourceRecord> batch)
    {
        var buffer = new ArrayBufferWriter<byte>(batch.Sum(r => r.Json!.Length + 1) + 256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("batchId", batchId);
            json.WriteString("kind", options.Kind);
            json.WriteStartArray("records");
            foreach (var record in batch)
            {
                json.WriteRawValue(record.Json!, skipInputValidation: true);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    // The answer's problems name records by index in the batch (`records[7].year`); the summary names them by
    // the file's line, and so does a message that points at another record of the batch.
    private static BatchOutcome Outcome(string batchId, int number, List<SourceRecord> batch, JsonObject answer)
    {
        List<LineProblem> Problems(string name) => (answer[name] as JsonArray ?? []).Select(p =>
        {
            var index = (int)Number(p?["index"]);
            var line = index >= 0 && index < batch.Count ? batch[index].Line : 0;
            var field = RecordIndex().Replace((string?)p?["field"] ?? "", "").TrimStart('.');
            var message = RecordIndex().Replace((string?)p?["message"] ?? "", m =>
                int.TryParse(m.Groups[1].ValueSpan, CultureInfo.InvariantCulture, out var i) && i < batch.Count ? $"line {batch[i].Line}" : m.Value);
            return new LineProblem(line, field, message);
        }).ToList();

        return new BatchOutcome(batchId, number, batch[0].Line, batch[^1].Line, batch.Count,
            (int)Number(answer["received"]), (int)Number(answer["accepted"]), (int)Number(answer["replaced"]),
            (bool?)answer["repeated"] ?? false, Problems("refused"), Problems("flagged"));
    }

    private async Task<string> DemoTokenAsync(CancellationToken ct)
    {
        if (options.Provider is null || options.Region is null)
        {
            throw new InputException("no token: give --token, set FINANCEMARKET_TOKEN, or (local mode) --provider and --region for a demo token");
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(new { role = "provider", subject = options.Provider, region = options.Region });
        var answer = await PostAsync("/api/v1/dev/tokens", null, body, ct)
            ?? throw new ImportStoppedException("POST /api/v1/dev/tokens answered 404: demo tokens are served only in local mode (./run.sh); give --token");
        return (string?)answer["token"] ?? throw new ImportStoppedException("POST /api/v1/dev/tokens answered no token");
    }

    // Sends again where the gateway asks for patience (429, 502, 503, 504) or could not be reached. Sending a
    // batch again is always safe: the server keeps each batch id's first answer, so a batch that did arrive
    // (its answer lost) is answered again as `repeated` and changes nothing. Null for 404; any other 4xx, or
    // a 5xx the gateway does not call temporary, stops the run with the server's message.
    private async Task<JsonObject?> PostAsync(string path, string? token, byte[] body, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, ct);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                if (attempt < options.Attempts)
                {
                    _log.WriteLine($"POST {path}: no answer ({e.Message}); trying again");
                    await Task.Delay(Backoff(attempt, null), ct);
                    continue;
                }

                throw new ImportStoppedException($"POST {path}: no answer from {http.BaseAddress} after {attempt} tries ({e.Message})");
            }

            using (response)
            {
                var text = await response.Content.ReadAsStringAsync(ct);
                if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout
                    && attempt < options.Attempts)
                {
                    _log.WriteLine($"POST {path}: {(int)response.StatusCode}; trying again");
                    await Task.Delay(Backoff(attempt, response.Headers.RetryAfter?.Delta), ct);
                    continue;
                }

                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    return null;
                }

                if (response.IsSuccessStatusCode)
                {
                    return JsonNode.Parse(text) as JsonObject ?? throw new ImportStoppedException($"POST {path}: the answer is not a JSON object: {text}");
                }

                throw new ImportStoppedException($"POST {path}: {(int)response.StatusCode} {Message(text)}{Hint(response.StatusCode)}");
            }
        }
    }

    private TimeSpan Backoff(int attempt, TimeSpan? retryAfter) =>
        retryAfter ?? TimeSpan.FromMilliseconds(Math.Min(10_000, options.FirstRetryDelay.TotalMilliseconds * Math.Pow(2, attempt - 1)));

    private static string Message(string text)
    {
        try
        {
            return (string?)JsonNode.Parse(text)?["message"] ?? text;
        }
        catch (JsonException)
        {
            return text;
        }
    }

    private static string Hint(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Conflict => " (this batch id was used before for other records: the file changed after an earlier run under this --batch-prefix; choose another prefix)",
        HttpStatusCode.Unauthorized => " (the token is missing, wrong or expired)",
        HttpStatusCode.Forbidden => " (the token's role may not import: a provider's or an official's is needed)",
        HttpStatusCode.RequestEntityTooLarge => " (choose a smaller --batch-size)",
        _ => "",
    };

    private static long Number(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<long>(out var n) => n,
        JsonValue v when v.TryGetValue<string>(out var s) && long.TryParse(s, CultureInfo.InvariantCulture, out var n) => n,
        _ => 0,
    };

    // The file's SHA-256 (what the batch ids stand for) and its number of lines (the progress bar's total).
    private static async Task<(string Sha256, long Lines)> FingerprintAsync(string path, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        var buffer = new byte[1 << 20];
        long lines = 0;
        var last = (byte)'\n';
        for (int read; (read = await file.ReadAsync(buffer, ct)) > 0;)
        {
            hash.AppendData(buffer, 0, read);
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
            last = buffer[read - 1];
        }

        return (Convert.ToHexStringLower(hash.GetHashAndReset()), lines + (last == '\n' ? 0 : 1));
    }

    [GeneratedRegex(@"records\[(\d+)\]")]
    private static partial Regex RecordIndex();
}
