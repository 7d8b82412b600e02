namespace FinanceMarket.Replay;

// One line on the terminal, redrawn in place; where output is a file or a pipe, a line per tenth.
internal sealed class ProgressBar(TextWriter output) : IProgress<ReplayProgress>, IDisposable
{
    private const int Width = 30;
    private readonly Lock _gate = new();
    private readonly bool _inPlace = !Console.IsErrorRedirected;
    private long _lastTenth = -1;
    private bool _finished;

    public void Report(ReplayProgress value)
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
