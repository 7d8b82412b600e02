using System.Text;

namespace FinanceMarket.CreditImport;

// One record of a CSV file: its cells, the line it starts on (1 is the first line of the file), its text as
// written (without the line break) and, for a quoted cell the file never closes, what is wrong.
public sealed record CsvRow(long Line, IReadOnlyList<string> Cells, string Raw, string? Error = null);

// RFC 4180, streamed: cells separated by commas, records by CRLF or LF; a quoted cell may hold commas,
// line breaks and quotes (doubled). A quote inside an unquoted cell is kept as it is; text after a closing
// quote joins the cell. Blank lines are skipped. The byte order mark is the StreamReader's to drop.
public sealed class CsvReader(TextReader reader)
{
    private readonly char[] _buffer = new char[64 * 1024];
    private int _position;
    private int _length;
    private long _line = 1;

    public CsvRow? Read()
    {
        while (true)
        {
            if (Peek() < 0)
            {
                return null;
            }

            var row = ReadRecord();
            if (row.Raw.Length > 0 || row.Error is not null)
            {
                return row;
            }
        }
    }

    private CsvRow ReadRecord()
    {
        var start = _line;
        var cells = new List<string>();
        var cell = new StringBuilder();
        var raw = new StringBuilder();
        var quoted = false;
        var cellStart = true;
        while (true)
        {
            var c = Next();
            if (c < 0)
            {
                cells.Add(cell.ToString());
                return quoted
                    ? new CsvRow(start, cells, raw.ToString(), $"the quoted cell opened on line {start} is never closed")
                    : new CsvRow(start, cells, raw.ToString());
            }

            var ch = (char)c;
            if (quoted)
            {
                if (ch == '"')
                {
                    if (Peek() == '"')
                    {
                        Next();
                        raw.Append("\"\"");
                        cell.Append('"');
                        continue;
                    }

                    quoted = false;
                    raw.Append('"');
                    continue;
                }

                if (ch == '\n' || (ch == '\r' && Peek() != '\n'))
                {
                    _line++;
                }

                raw.Append(ch);
                cell.Append(ch);
                continue;
            }

            if (ch == '\r' && Peek() == '\n')
            {
                continue;
            }

            if (ch is '\n' or '\r')
            {
                _line++;
                cells.Add(cell.ToString());
                return new CsvRow(start, cells, raw.ToString());
            }

            raw.Append(ch);
            if (ch == ',')
            {
                cells.Add(cell.ToString());
                cell.Clear();
                cellStart = true;
                continue;
            }

            if (ch == '"' && cellStart)
            {
                quoted = true;
                cellStart = false;
                continue;
            }

            cellStart = false;
            cell.Append(ch);
        }
    }

    private int Peek()
    {
        if (_position == _length)
        {
            _length = reader.Read(_buffer, 0, _buffer.Length);
            _position = 0;
            if (_length <= 0)
            {
                _length = 0;
                return -1;
            }
        }

        return _buffer[_position];
    }

    private int Next()
    {
        var c = Peek();
        if (c >= 0)
        {
            _position++;
        }

        return c;
    }
}
