using FinanceMarket.Common.V1;
using Google.Protobuf.Reflection;
using Google.Rpc;

namespace FinanceMarket.ServiceDefaults.Validation;

// The one shape of a refusal of bad input, for gRPC and REST alike: google.rpc.Status with code 3, a
// google.rpc.BadRequest naming every field with its reason, and the values each reason is about
// (financemarket.common.v1.FieldViolationValues).
public static class InvalidArgument
{
    // The detail types a REST body may carry: JSON transcoding writes a detail only if it knows its type.
    public static readonly TypeRegistry DetailTypes = TypeRegistry.FromMessages(BadRequest.Descriptor, FieldViolationValues.Descriptor);

    private static readonly Google.Protobuf.JsonFormatter Json = new(Google.Protobuf.JsonFormatter.Settings.Default.WithTypeRegistry(DetailTypes));

    public static Google.Rpc.Status Status(string message, IEnumerable<Domain.FieldProblem> problems)
    {
        var badRequest = new BadRequest();
        var values = new FieldViolationValues();
        foreach (var problem in problems)
        {
            badRequest.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = problem.Field, Description = problem.Description, Reason = problem.Reason });
            var violation = new FieldViolationValues.Types.Violation { Field = problem.Field, Reason = problem.Reason };
            foreach (var (name, value) in problem.Values)
            {
                violation.Values[name] = value;
            }

            values.Violations.Add(violation);
        }

        return new Google.Rpc.Status
        {
            Code = (int)Code.InvalidArgument,
            Message = message,
            Details = { Google.Protobuf.WellKnownTypes.Any.Pack(badRequest), Google.Protobuf.WellKnownTypes.Any.Pack(values) },
        };
    }

    // The body JSON transcoding writes for the same status.
    public static string JsonBody(string message, IEnumerable<Domain.FieldProblem> problems) => Json.Format(Status(message, problems));
}
