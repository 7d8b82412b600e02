
namespace FinanceMarket.Subsidies.Model;

// A claim's life: PENDING (reserved) → APPROVED → PAID, or REJECTED from either of the first two (the
// reservation released). Each step says how it moves the programme's reserved and paid figures.
public static class ClaimTransitions
{
    public sealed record Move(Claim Claim, long ReservedDelta, long PaidDelta, IntegrationEvent? Announced);

    public static Move Approve(Claim c, string official, DateTimeOffset now)
    {
        Require(c, ClaimStatus.Pending, "approved");
        var approved = c with { Status = ClaimStatus.Approved, DecidedAt = now, ApprovedBy = official, Version = c.Version + 1 };
        return new Move(approved, 0, 0, new SubsidyClaimApprovedIntegrationEvent(
            c.PrincipalFen, Dates.Day(c.PeriodStart), Dates.Day(c.PeriodEnd), c.Payers) { About = Ref(c) });
    }

    // Segregation of duties: the official who approved a claim cannot also pay it (four eyes on public money).
    public static Move Pay(Claim c, string official, DateTimeOffset now)
    {
        Require(c, ClaimStatus.Approved, "paid");
        if (c.ApprovedBy == official)
        {
            throw new ForbiddenException($"Claim {c.ClaimId} was approved by {official}; another official of the region pays it.");
        }

        var paid = c with { Status = ClaimStatus.Paid, PaidAt = now, PaidBy = official, Version = c.Version + 1 };
        var paidOn = Dates.Day(ChinaTime.DateOf(now));
        return new Move(paid, -c.AmountFen, c.AmountFen, new SubsidyPaidIntegrationEvent(c.PrincipalFen, paidOn, c.Payers) { About = Ref(c) });
    }

    public static Move Reject(Claim c, string reason, DateTimeOffset now)
    {
        if (!c.HoldsReservation)
        {
            throw Conflict(c, "rejected");
        }

        var rejected = c with { Status = ClaimStatus.Rejected, RejectionReason = reason, DecidedAt = now, Version = c.Version + 1 };
        // Subscribers that heard of an approval hear of its withdrawal; a claim rejected while pending was never announced.
        IntegrationEvent? announced = c.Status == ClaimStatus.Approved
            ? new SubsidyClaimRejectedIntegrationEvent(reason) { About = Ref(c) }
            : null;
        return new Move(rejected, -c.AmountFen, 0, announced);
    }

    private static void Require(Claim c, ClaimStatus status, string action)
    {
        if (c.Status != status)
        {
            throw Conflict(c, action);
        }
    }

    private static ConflictException Conflict(Claim c, string action) => new(
        $"Claim {c.ClaimId} is {c.Status.Wire()}; it cannot be {action} (PENDING → APPROVED → PAID, or REJECTED before payment).");

    // What every event of the claim says of it.
    private static ClaimRef Ref(Claim c) => new(c.ClaimId, c.ProgramId, c.ApplicationId, c.Uscc, c.BankId, c.RegionCode, c.IndustryCode, c.AmountFen);
}
