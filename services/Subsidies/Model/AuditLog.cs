using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace FinanceMarket.Subsidies.Model;

// One entry of the audit log. Seq numbers the entries from 1 without gaps; PreviousHash is the hash of
// entry Seq - 1 (Genesis for the first), and Hash covers every other field: an entry edited, removed or
// slipped in changes a hash that the next entry (or the chain's own recomputation) no longer matches.
public sealed record AuditEntry(
    long Seq,
    Guid Id,
    DateTimeOffset At,
    string ActorRole,
    string ActorSubject,
    string ActorRegion,
    string Action,
    string RegionCode,
    string Target,
    string? Before,
    string? After,
    string? Reason,
    string PreviousHash,
    string Hash);

// Where the chain is first broken, and how.
public sealed record AuditBreak(long Seq, string Problem);

public sealed record AuditQuery(string? RegionPrefix, DateTimeOffset? From, DateTimeOffset? Before);

public static class AuditChain
{
    public static readonly string Genesis = new('0', 64);

    // The entry that follows `last` (null: the log is empty) for a recorded event.
    public static AuditEntry Next(AuditEntry? last, AuditRecordedIntegrationEvent e)
    {
        var entry = new AuditEntry(
            (last?.Seq ?? 0) + 1, e.Id, (e.At == default ? e.OccurredAt : e.At).ToUniversalTime(), e.ActorRole, e.ActorSubject, e.ActorRegion, e.Action, e.RegionCode, e.Target,
            e.Before, e.After, e.Reason, last?.Hash ?? Genesis, string.Empty);
        return entry with { Hash = HashOf(entry) };
    }

    // SHA-256 over the fields as one JSON array: each field is delimited, so no two entries share the text.
    public static string HashOf(AuditEntry e)
    {
        var fields = JsonSerializer.SerializeToUtf8Bytes(new object?[]
        {
            e.Seq, e.Id.ToString("D"), e.At.UtcTicks, e.ActorRole, e.ActorSubject, e.ActorRegion, e.Action, e.RegionCode, e.Target,
            e.Before, e.After, e.Reason, e.PreviousHash,
        });
        return Convert.ToHexStringLower(SHA256.HashData(fields));
    }

    // Reads the entries (in Seq order) until the first that breaks the chain: how many were checked, and the break (null: intact).
    public static async Task<(long Checked, AuditBreak? Break)> VerifyAsync(IAsyncEnumerable<AuditEntry> entries, CancellationToken cancellationToken)
    {
        var verifier = new Verifier();
        await foreach (var entry in entries.WithCancellation(cancellationToken))
        {
            if (verifier.Check(entry) is { } broken)
            {
                return (verifier.Checked, broken);
            }
        }

        return (verifier.Checked, null);
    }

    // Walks the entries in Seq order and names the first that breaks the chain; null when none does.
    public sealed class Verifier
    {
        private AuditEntry? _last;

        public long Checked { get; private set; }

        public AuditBreak? Check(AuditEntry e)
        {
            var expectedSeq = (_last?.Seq ?? 0) + 1;
            AuditBreak? found = e.Seq != expectedSeq
                ? new AuditBreak(expectedSeq, e.Seq > expectedSeq ? $"entries {expectedSeq} to {e.Seq - 1} are missing" : $"entry {e.Seq} appears twice")
                : e.PreviousHash != (_last?.Hash ?? Genesis)
                    ? new AuditBreak(e.Seq, $"its previous hash does not match entry {e.Seq - 1}'s hash")
                    : e.Hash != HashOf(e)
                        ? new AuditBreak(e.Seq, "its contents do not match its hash (edited after it was written)")
                        : null;
            _last = e;
            Checked++;
            return found;
        }
    }
}
