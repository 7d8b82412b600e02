using System.Globalization;
using System.Text;

namespace FinanceMarket.CreditImport;

// What a run did: the server's counts summed over every batch of the file (those answered in an earlier run
// included, from the state file), and every record refused or not sent, by its line in the file.
public sealed class ImportSummary(string file, string kind, string prefix, string statePath)
{
    private readonly List<LineProblem> _notSent = [];
    private readonly List<LineProblem> _refused = [];
    private readonly List<LineProblem> _flagged = [];
    private readonly Dictionary<long, string> _rows = [];

    public string File => file;

    public string Kind => kind;

    public string BatchPrefix => prefix;

    public string StatePath => statePath;

    // Records in the file (not counting the CSV header or blank lines).
    public long Read { get; internal set; }

    public int Batches { get; private set; }

    // Sent by this run; the others were answered in an earlier one (the state file says so).
    public int BatchesSent { get; private set; }

    public int BatchesSkipped => Batches - BatchesSent;

    // Batches the server said it had imported before (sent again without the state file, or after an answer was lost).
    public int BatchesRepeated { get; private set; }

    public long Received { get; private set; }

    public long Accepted { get; private set; }

    public long Replaced { get; private set; }

    // Records the server refused (a record may have several problems).
    public long RefusedRecords => _refused.Select(p => p.Line).Distinct().LongCount();

    public long FlaggedRecords => _flagged.Select(p => p.Line).Distinct().LongCount();

    // Records never sent: a cell that is not of its field's type, a row the file leaves unfinished.
    public long NotSentRecords => _notSent.Select(p => p.Line).Distinct().LongCount();

    public IReadOnlyList<LineProblem> NotSent => _notSent;

    public IReadOnlyList<LineProblem> Refused => _refused;

    public IReadOnlyList<LineProblem> Flagged => _flagged;

    public bool Completed { get; internal set; }

    public string? StoppedBecause { get; internal set; }

    public TimeSpan Elapsed { get; internal set; }

    // Of which waiting for the server's answers (retries and their pauses included).
    public TimeSpan Waiting { get; internal set; }

    // 0: every record sent and accepted; 1: every batch answered, but some records were refused or could not
    // be read (data to correct, listed by line); 3: the run stopped before the end (run it again to resume).
    public int ExitCode => !Completed ? 3 : RefusedRecords + NotSentRecords > 0 ? 1 : 0;

    internal void AddNotSent(SourceRecord record)
    {
        _notSent.AddRange(record.Problems);
        _rows[record.Line] = record.Raw;
    }

    internal void Add(BatchOutcome outcome, IReadOnlyList<SourceRecord> batch, bool sentNow)
    {
        Batches++;
        BatchesSent += sentNow ? 1 : 0;
        BatchesRepeated += outcome.Repeated ? 1 : 0;
        Received += outcome.Received;
        Accepted += outcome.Accepted;
        Replaced += outcome.Replaced;
        _refused.AddRange(outcome.Refused);
        _flagged.AddRange(outcome.Flagged);
        if (outcome.Refused.Count > 0)
        {
            var lines = outcome.Refused.Select(p => p.Line).ToHashSet();
            foreach (var record in batch.Where(r => lines.Contains(r.Line)))
            {
                _rows[record.Line] = record.Raw;
            }
        }
    }

    public void Print(TextWriter output, int most = 50)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"{file} ({kind}): {Batches:N0} batches answered ({BatchesSent:N0} sent by this run, {BatchesSkipped:N0} answered before, from {statePath}) in {Elapsed.TotalSeconds:F1} s ({Waiting.TotalSeconds:F1} s of it waiting for answers)"));
        output.WriteLine(string.Create(c, $"  records read      {Read,12:N0}"));
        output.WriteLine(string.Create(c, $"  not sent          {NotSentRecords,12:N0}   (could not be read: listed below)"));
        output.WriteLine(string.Create(c, $"  received          {Received,12:N0}"));
        output.WriteLine(string.Create(c, $"  accepted          {Accepted,12:N0}"));
        output.WriteLine(string.Create(c, $"  replaced          {Replaced,12:N0}   (accepted, in place of an earlier record of the same key)"));
        output.WriteLine(string.Create(c, $"  refused           {RefusedRecords,12:N0}"));
        output.WriteLine(string.Create(c, $"  flagged           {FlaggedRecords,12:N0}   (accepted, but a quality rule doubts them)"));
        output.WriteLine(string.Create(c, $"  repeated batches  {BatchesRepeated,12:N0}   (imported before: nothing changed)"));
        var problems = _notSent.Select(p => (p, sent: false)).Concat(_refused.Select(p => (p, sent: true))).OrderBy(x => x.p.Line).ToList();
        foreach (var (p, sent) in problems.Take(most))
        {
            output.WriteLine(string.Create(c, $"  line {p.Line}: {(p.Field.Length > 0 ? p.Field + ": " : "")}{p.Message}{(sent ? "" : " (not sent)")}"));
        }

        if (problems.Count > most)
        {
            output.WriteLine(string.Create(c, $"  ... and {problems.Count - most:N0} more (--refused FILE writes every one)"));
        }

        foreach (var p in _flagged.OrderBy(p => p.Line).Take(Math.Max(0, most - problems.Count)))
        {
            output.WriteLine(string.Create(c, $"  line {p.Line}: flagged {p.Field}: {p.Message}"));
        }

        output.WriteLine(Completed
            ? "Every batch is answered."
            : $"STOPPED: {StoppedBecause}\nThe batches answered so far are in {statePath}; run the same command again to send the rest.");
    }

    // The records refused or not sent, a row per problem: line, field, message, and the record as the file has it.
    public void WriteRefused(string path)
    {
        using var output = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        output.WriteLine("line,field,message,record");
        foreach (var p in _notSent.Concat(_refused).OrderBy(p => p.Line))
        {
            output.WriteLine(string.Join(",", p.Line.ToString(CultureInfo.InvariantCulture), Cell(p.Field), Cell(p.Message), Cell(_rows.GetValueOrDefault(p.Line, ""))));
        }
    }

    private static string Cell(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
