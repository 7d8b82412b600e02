using Google.Protobuf;

namespace FinanceMarket.ServiceDefaults.Idempotency;

// A write made with an Idempotency-Key, for as long as its handler runs. A handler that knows its answer
// before its main write hands it over with Answer; the store's next write then saves the key and the answer
// in the same transaction as the change, so a process killed after the commit still answers the retry with
// the first answer. A handler that does not is still covered: its answer is saved just after.
public sealed class IdempotentCall(string scope, byte[] requestHash, DateTimeOffset startedAt, Google.Protobuf.Reflection.MessageDescriptor answerType)
{
    private static readonly AsyncLocal<IdempotentCall?> Ambient = new();

    public static IdempotentCall? Current
    {
        get => Ambient.Value;
        internal set => Ambient.Value = value;
    }

    public string Scope => scope;

    public byte[] RequestHash => requestHash;

    // On the retention clock: when the key was first used.
    public DateTimeOffset StartedAt => startedAt;

    private readonly Google.Protobuf.Reflection.MessageDescriptor _answerType = answerType;

    // The answer waiting for the next write of this call; taken by that write.
    private byte[]? _pending;

    // Set once a write carrying the answer has committed.
    public bool SavedWithEffect { get; private set; }

    // The answer this call will give, for the next write to save beside its change. No-op without a key, and
    // for a message that is not the method's answer (a helper shared by several methods answering differently).
    public static void Answer(IMessage answer) => Current?.Give(answer);

    // The same from inside a store's write, which runs on the store's writer: the call is the one the handler
    // read from Current before writing.
    public void Give(IMessage answer)
    {
        if (answer.Descriptor == _answerType)
        {
            _pending = answer.ToByteArray();
        }
    }

    // What a write of this call saves beside its change, once the change ran (null when no answer waits); taken
    // once, so a second write of the same call cannot claim the key again.
    public IdempotencyRecord? TakeRecord() =>
        Interlocked.Exchange(ref _pending, null) is { } answer ? new IdempotencyRecord(this, answer) : null;

    internal void Saved() => SavedWithEffect = true;
}

// A key and its answer, to be saved by a store inside the transaction of the change it answers.
public sealed record IdempotencyRecord(IdempotentCall Call, byte[] Answer)
{
    public string Scope => Call.Scope;

    public byte[] RequestHash => Call.RequestHash;

    public DateTimeOffset CreatedAt => Call.StartedAt;

    // A key older than this is expired: a new request may take it.
    public DateTimeOffset ExpiredBefore => Call.StartedAt - IdempotencyStores.Retention;

    public void Committed() => Call.Saved();
}

// The key was taken by another request between this one's look-up and its write (another replica, or a
// record that expired meanwhile): the write is rolled back and the caller looks again.
public sealed class IdempotencyKeyTakenException(string scope)
    : Exception($"The idempotency key {scope} was saved by another request first.");
