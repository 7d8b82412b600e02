using System.Globalization;

namespace FinanceMarket.Enterprises.Model;

// What a registration asks for, before the service checks it.
public sealed record Registration(
    string Uscc,
    string Name,
    string IndustryCode,
    string RegionCode,
    int Employees,
    long AnnualRevenueFen,
    long TotalAssetsFen,
    string EstablishedOn,
    TaxCreditRating? TaxCreditRating,
    string? CheckOverrideReason);

public static class RegistrationRules
{
    // Validates every field, derives the size class, and applies an official's check override.
    // Throws INVALID_ARGUMENT naming each bad field; nothing is stored before this passes.
    public static Enterprise Validate(Registration request, Caller caller, TimeProvider time)
    {
        var violations = new Violations();
        var check = UnifiedSocialCreditCode.Check(request.Uscc);
        CheckOverride? checkOverride = null;
        var overrideReason = request.CheckOverrideReason?.Trim();
        if (!check.IsValid)
        {
            if (check.Problem == UsccProblem.CheckCharacter && !string.IsNullOrEmpty(overrideReason) && caller.IsOfficial)
            {
                checkOverride = new CheckOverride(caller.Subject, overrideReason, time.GetUtcNow());
            }
            else
            {
                violations.Add("uscc", check.Message + (check.Problem == UsccProblem.CheckCharacter
                    ? "; an official may register a real code that fails its check with checkOverrideReason"
                    : string.Empty));
            }
        }

        if (!string.IsNullOrEmpty(overrideReason))
        {
            violations.Text("checkOverrideReason", overrideReason, 500);
        }

        violations.Text("name", request.Name);
        var industryProblem = IndustryCode.Problem(request.IndustryCode) ?? SizeClassifier.AmbiguityProblem(request.IndustryCode);
        if (industryProblem is not null)
        {
            violations.Add("industryCode", industryProblem);
        }

        violations.Require(RegionCode.IsRegion(request.RegionCode), "regionCode", "must be a six-digit GB/T 2260 region code (\"130903\")");
        violations.Range("employees", request.Employees, 0, Limits.MaxEmployees);
        violations.Range("annualRevenueFen", request.AnnualRevenueFen, 0, Limits.MaxEnterpriseFiguresFen);
        violations.Range("totalAssetsFen", request.TotalAssetsFen, 0, Limits.MaxEnterpriseFiguresFen);
        var established = violations.Date("establishedOn", request.EstablishedOn);
        var today = ChinaTime.Today(time);
        if (established is { } on && (on > today || on < Limits.EarliestDate))
        {
            violations.Add("establishedOn", string.Create(CultureInfo.InvariantCulture, $"must be between {Limits.EarliestDate:yyyy-MM-dd} and today ({today:yyyy-MM-dd})"));
        }

        if (request.TaxCreditRating is null)
        {
            violations.Add("taxCreditRating", "must be one of A, B, M, C, D");
        }

        violations.ThrowIfAny();
        var industry = IndustryCode.Normalize(request.IndustryCode);
        return new Enterprise(
            check.Code,
            request.Name.Trim(),
            industry,
            request.RegionCode,
            request.Employees,
            request.AnnualRevenueFen,
            request.TotalAssetsFen,
            established!.Value,
            request.TaxCreditRating!.Value,
            SizeClassifier.Classify(industry, request.Employees, request.AnnualRevenueFen, request.TotalAssetsFen),
            time.GetUtcNow(),
            checkOverride);
    }
}
