namespace FinanceMarket.Terminal;

// How far a tool has come: what it is doing, and how much of how much it has done.
public sealed record ProgressReport(string Stage, long Done, long Total);

// One line on the terminal, redrawn in place; where output is a file or a pipe, a line per tenth.
public sealed class ProgressBar(TextWriter output, bool? inPlace = null) : IProgress<ProgressReport>, IDisposable
{
    private const int Width = 30;
    private readonly Lock _gate = new();
    private readonly bool _inPlace = inPlace ?? !Console.IsErrorRedirected;
    private long _lastTenth = -1;
    private bool _finished;

    public void Report(ProgressReport value)
    {
        lock (_gate)
        {
            if (_finished)
            {
                return;
            }

            var share = value.Total == 0 ? 1 : Math.Min(1, (double)value.Done / value.Total);
            var filled = (int)(share * Width);
            var line = $"[{new string('#', filled)}{new string('.', Width - filled)}] {share,4:P0} {value.Stage}";
            if (_inPlace)
            {
                output.Write("\r" + line.PadRight(100)[..100]);
            }
            else if ((long)(share * 10) != _lastTenth)
            {
                _lastTenth = (long)(share * 10);
                output.WriteLine(line);
            }
        }
    }

    public void Finish()
    {
        lock (_gate)
        {
            if (!_finished && _inPlace)
            {
                output.WriteLine();
            }

            _finished = true;
        }
    }

    public void Dispose() => Finish();
}
