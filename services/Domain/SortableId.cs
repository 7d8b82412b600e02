using System.Buffers.Binary;
using System.Security.Cryptography;

namespace FinanceMarket.Domain;

// Version 7 UUIDs that sort in the order this process made them. Guid.CreateVersion7 fills the bits after
// the millisecond with random ones, so two ids of one millisecond sort by chance; here those 12 bits are
// a counter (RFC 9562, method 1), so paging "in listing order" and outbox order hold within a millisecond.
public static class SortableId
{
    private static readonly Lock Gate = new();
    private static long _lastMillisecond;
    private static int _counter;

    public static Guid NewGuid(TimeProvider? time = null)
    {
        var now = (time ?? TimeProvider.System).GetUtcNow().ToUnixTimeMilliseconds();
        long millisecond;
        int counter;
        lock (Gate)
        {
            if (now > _lastMillisecond)
            {
                _lastMillisecond = now;
                // Start low in the range, leaving room for thousands of ids within the millisecond.
                _counter = RandomNumberGenerator.GetInt32(0, 0x400);
            }
            else if (++_counter > 0xFFF)
            {
                // More than 4096 ids in one millisecond: borrow the next millisecond.
                _lastMillisecond++;
                _counter = 0;
            }

            millisecond = _lastMillisecond;
            counter = _counter;
        }

        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        BinaryPrimitives.WriteInt64BigEndian(bytes, millisecond << 16);
        bytes[6] = (byte)(0x70 | (counter >> 8));
        bytes[7] = (byte)counter;
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true);
    }

    public static string NewId(TimeProvider? time = null) => NewGuid(time).ToString();
}
