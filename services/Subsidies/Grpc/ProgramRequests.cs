using Google.Protobuf.Collections;

namespace FinanceMarket.Subsidies.V1;

// Creating a programme and editing it send the same fields by the same names, so one mapping to the model
// serves both, and the same rules check them.
internal interface IProgramRequest
{
    string Name { get; }

    int RateBp { get; }

    long MaxPrincipalFen { get; }

    int MaxMonths { get; }

    long BudgetFen { get; }

    string ContractFrom { get; }

    string ContractTo { get; }

    ProgramEligibility Eligibility { get; }

    RateRule RateRule { get; }

    int ShareOfContractRateBp { get; }

    RepeatedField<FundingShare> FundingShares { get; }

    string RegionCode { get; }

    int DayCountBasis { get; }
}

internal sealed partial class CreateProgramRequest : IProgramRequest;

internal sealed partial class UpdateProgramRequest : IProgramRequest;
