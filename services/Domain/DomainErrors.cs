namespace FinanceMarket.Domain;

// What a rule or a store refuses, in the domain's own words; the services' one interceptor
// (ServiceDefaults DomainErrorInterceptor) turns each into its gRPC status, and REST into its HTTP status.
public abstract class DomainException(string message) : Exception(message);

// One bad field of a request and what is wrong with it: in English (Description), and as data for a client
// that writes it in its own words: a reason code (UPPER_SNAKE_CASE) and the values it is about.
public sealed record FieldProblem(string Field, string Description, string Reason, IReadOnlyDictionary<string, string> Values);

// What is wrong with a value, before it is known which field held it: a reason of Reasons, in English, and
// the values the reason is about.
public sealed record Problem(string Reason, string Description, params (string Name, object? Value)[] Values)
{
    // What a caller typed, as much of it as a message needs: a value past 40 characters is cut, so that no
    // input can make a refusal (a gRPC trailer) too large to read.
    public static string? Shown(string? typed) => typed is { Length: > 40 } ? typed[..40] + "…" : typed;
}

// Bad input: every field named (INVALID_ARGUMENT, 400, with google.rpc.BadRequest).
public sealed class RuleViolationException(IReadOnlyList<FieldProblem> problems)
    : DomainException("Invalid request: " + string.Join("; ", problems.Select(p => $"{p.Field} {p.Description}")))
{
    public IReadOnlyList<FieldProblem> Problems { get; } = problems;
}

// The object named does not exist (NOT_FOUND, 404).
public sealed class NotFoundException(string message) : DomainException(message);

// The caller may not do this to this object (PERMISSION_DENIED, 403).
public sealed class ForbiddenException(string message) : DomainException(message);

// The object is not in a state that allows the change (FAILED_PRECONDITION, 400 without fields).
public sealed class PreconditionException(string message) : DomainException(message);

// A concurrent change won, or the step does not follow from the object's state (ABORTED, 409).
public sealed class ConflictException(string message) : DomainException(message);

// The object to create exists already (ALREADY_EXISTS, 409).
public sealed class AlreadyExistsException(string message) : DomainException(message);
