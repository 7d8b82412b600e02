using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FinanceMarket.CreditImport;

// What the server answered for one batch, with its records' problems by the file's line numbers.
public sealed record BatchOutcome(
    string BatchId,
    int Number,
    long FirstLine,
    long LastLine,
    int Count,
    int Received,
    int Accepted,
    int Replaced,
    bool Repeated,
    IReadOnlyList<LineProblem> Refused,
    IReadOnlyList<LineProblem> Flagged);

// Which file (its SHA-256), kind and batch ids the state is about.
public sealed record StateHeader(string Sha256, string Kind, string Prefix, int BatchSize);

// The batches the server has answered, one JSON line each after a header line, appended and flushed as each
// answer arrives: a run that stops (a crash, the network, a 5xx) leaves exactly what was done, and the next
// run skips those batches. A torn last line (the process killed mid-write) is ignored: that batch is sent
// again, which its batch id makes harmless.
public sealed class ImportState : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.Never };
    private readonly Dictionary<string, BatchOutcome> _answered;
    private readonly FileStream _file;

    private ImportState(FileStream file, Dictionary<string, BatchOutcome> answered)
    {
        _file = file;
        _answered = answered;
    }

    public int Count => _answered.Count;

    // Opens the state for this file and settings; a state about another file, version or batching is
    // replaced (said on `log`): its batch ids are not these.
    public static ImportState Open(string path, StateHeader header, TextWriter log)
    {
        var answered = new Dictionary<string, BatchOutcome>(StringComparer.Ordinal);
        var fresh = true;
        if (File.Exists(path))
        {
            var lines = File.ReadAllLines(path, Encoding.UTF8);
            if (lines.Length > 0 && TryParse<StateHeader>(lines[0]) == header)
            {
                fresh = false;
                foreach (var line in lines.Skip(1))
                {
                    if (TryParse<BatchOutcome>(line) is { BatchId: not null } outcome)
                    {
                        answered[outcome.BatchId] = outcome;
                    }
                }
            }
            else
            {
                log.WriteLine($"The state file {path} is about another file, kind or batching; starting from the first batch.");
            }
        }

        var torn = !fresh && !EndsWithNewline(path);
        var file = new FileStream(path, fresh ? FileMode.Create : FileMode.Append, FileAccess.Write, FileShare.Read);
        var state = new ImportState(file, answered);
        if (fresh)
        {
            state.Append(header);
        }
        else if (torn)
        {
            // The torn line stays alone on its line; the next answer starts a new one.
            file.WriteByte((byte)'\n');
        }

        return state;
    }

    public BatchOutcome? Answered(string batchId) => _answered.GetValueOrDefault(batchId);

    public void Record(BatchOutcome outcome)
    {
        _answered[outcome.BatchId] = outcome;
        Append(outcome);
    }

    public void Dispose() => _file.Dispose();

    private void Append<T>(T value)
    {
        _file.Write(JsonSerializer.SerializeToUtf8Bytes(value, Json));
        _file.WriteByte((byte)'\n');
        _file.Flush(flushToDisk: true);
    }

    private static T? TryParse<T>(string line)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(line, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool EndsWithNewline(string path)
    {
        using var read = File.OpenRead(path);
        if (read.Length == 0)
        {
            return true;
        }

        read.Seek(-1, SeekOrigin.End);
        return read.ReadByte() == '\n';
    }
}
