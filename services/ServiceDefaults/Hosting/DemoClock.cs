using System.Globalization;

namespace FinanceMarket.ServiceDefaults.Hosting;

// The demo's clock, local mode only: the system clock moved forward by a whole number of days that every
// process of the platform reads from one file, so a replay can live through a district's year in minutes
// (a deal contracted in March, its interest claimed in April). Timers keep real time: this moves the
// date the services see, not the pace of their sweeps.
public sealed class DemoClock(string path) : TimeProvider
{
    // File times come from the kernel's coarse clock: two writes a few milliseconds apart may carry the same
    // time, so a file this recently written is read again whatever its time says.
    private static readonly TimeSpan Settling = TimeSpan.FromSeconds(1);
    private static readonly Lock Writing = new();
    private readonly Lock _gate = new();
    private DateTime _seenWrite = DateTime.MinValue;
    private int _offsetDays;

    public string Path => path;

    public override DateTimeOffset GetUtcNow() => TimeProvider.System.GetUtcNow().AddDays(OffsetDays());

    // Re-read only when the file changed: a stat per call is cheap next to the requests that ask the time.
    public int OffsetDays()
    {
        var written = File.GetLastWriteTimeUtc(path);
        lock (_gate)
        {
            if (written != _seenWrite || DateTime.UtcNow - written < Settling)
            {
                _offsetDays = Read(path);
                _seenWrite = written;
            }

            return _offsetDays;
        }
    }

    // Moves the clock to the given offset unless that is backwards; false if it would be. One mover at a
    // time, so two requests cannot both pass the check and the smaller land last.
    public bool TryMoveTo(int offsetDays)
    {
        lock (Writing)
        {
            if (offsetDays < Read(path))
            {
                return false;
            }

            Write(path, offsetDays);
            return true;
        }
    }

    public static int Read(string path)
    {
        try
        {
            return int.Parse(File.ReadAllText(path).Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }
        catch (FileNotFoundException)
        {
            return 0;
        }
    }

    // Replaced whole, by a rename, so a reader never sees half a number.
    public static void Write(string path, int offsetDays)
    {
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temp, offsetDays.ToString(CultureInfo.InvariantCulture));
        File.Move(temp, path, overwrite: true);
    }
}
