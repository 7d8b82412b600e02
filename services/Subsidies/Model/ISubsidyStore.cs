
namespace FinanceMarket.Subsidies.Model;

// The storage seam: SQLite (embedded) and MongoDB (servers) pass the same contract suite.
public interface ISubsidyStore
{
    // False when a quote for that date is already recorded. Each write by an official or the operator is
    // saved with its audit entry (an outbox event) in one transaction.
    Task<bool> TryRecordLprAsync(LprQuote quote, IntegrationEvent audit, CancellationToken cancellationToken);

    // The latest quote effective on or before the day.
    Task<LprQuote?> LprOnAsync(DateOnly day, CancellationToken cancellationToken);

    // Replaces the quote of its date if it still has the given number of corrections (else false: a
    // concurrent correction won).
    Task<bool> TryCorrectLprAsync(LprQuote corrected, int expectedCorrections, IntegrationEvent audit, CancellationToken cancellationToken);

    Task AddProgramAsync(SubsidyProgram program, IntegrationEvent audit, CancellationToken cancellationToken);

    // Replaces the programme (an edit, its closing) only if its stored version is still expectedVersion (else
    // false: a claim or another change came first), with its audit entry, in one transaction.
    Task<bool> TryReviseProgramAsync(SubsidyProgram revised, long expectedVersion, IntegrationEvent audit, CancellationToken cancellationToken);

    Task<SubsidyProgram?> FindProgramAsync(string programId, CancellationToken cancellationToken);

    // Programmes whose region covers the code or lies inside it (null: all), in id order.
    Task<Page<SubsidyProgram>> ListProgramsAsync(string? regionCode, int pageSize, string? afterProgramId, CancellationToken cancellationToken);

    // Reads the programme, the deal's claims and the borrower's counted principal, lets decide make the
    // claim (or throw its refusal), and saves the claim with its reservation, all in one transaction: no
    // interleaving of claims can overspend a budget, overlap a period or count a principal twice.
    Task<Claim> ReserveAsync(string programId, string applicationId, string uscc, Func<ReservationView, Claim> decide, CancellationToken cancellationToken);

    // The same view ReserveAsync decides on, read at one moment and left as it was: a quote is decided on it.
    Task<ReservationView> ViewAsync(string programId, string applicationId, string uscc, CancellationToken cancellationToken);

    Task<Claim?> FindClaimAsync(string claimId, CancellationToken cancellationToken);

    Task<Page<Claim>> ListClaimsAsync(ClaimQuery query, int pageSize, string? afterClaimId, CancellationToken cancellationToken);

    // The claim moves only from expectedVersion, with its programme's figures and its event, atomically.
    Task<bool> TryMoveAsync(ClaimTransitions.Move move, long expectedVersion, IntegrationEvent audit, CancellationToken cancellationToken);
}
