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
    string? CheckOverrideReason,
    string? RegionOverrideReason = null);

public static class RegistrationRules
{
    private static readonly string[] Ratings = [.. Enum.GetValues<TaxCreditRating>().Select(r => r.Wire())];

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
                var problem = check.ToProblem()!;
                violations.Add("uscc", check.Problem == UsccProblem.CheckCharacter
                    ? problem with { Description = problem.Description + "; an official may register a real code that fails its check with checkOverrideReason" }
                    : problem);
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

        violations.Require(RegionCode.IsRegion(request.RegionCode), "regionCode", Reasons.RegionCode, "must be a six-digit GB/T 2260 region code (\"130903\")",
            ("got", Problem.Shown(request.RegionCode) ?? string.Empty));
        var regionOverride = RegionRule(request, caller, check, violations, time);
        violations.Range("employees", request.Employees, 0, Limits.MaxEmployees);
        violations.Range("annualRevenueFen", request.AnnualRevenueFen, 0, Limits.MaxEnterpriseFiguresFen);
        violations.Range("totalAssetsFen", request.TotalAssetsFen, 0, Limits.MaxEnterpriseFiguresFen);
        var established = violations.Date("establishedOn", request.EstablishedOn);
        var today = ChinaTime.Today(time);
        if (established is { } on && (on > today || on < Limits.EarliestDate))
        {
            violations.Add("establishedOn", Reasons.DateOutOfRange,
                string.Create(CultureInfo.InvariantCulture, $"must be between {Limits.EarliestDate:yyyy-MM-dd} and today ({today:yyyy-MM-dd})"),
                ("min", Limits.EarliestDate), ("max", today), ("got", on));
        }

        if (request.TaxCreditRating is null)
        {
            violations.NotOneOf("taxCreditRating", Ratings);
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
            checkOverride,
            regionOverride);
    }

    // The record after an official's correction: the inputs checked as a registration checks them, the size
    // class classified again, the replaced values kept.
    public static Enterprise Correct(Enterprise current, Correction c, Caller caller, TimeProvider time)
    {
        var violations = new Violations();
        if (c.Employees is { } employees)
        {
            violations.Range("employees", employees, 0, Limits.MaxEmployees);
        }

        if (c.AnnualRevenueFen is { } revenue)
        {
            violations.Range("annualRevenueFen", revenue, 0, Limits.MaxEnterpriseFiguresFen);
        }

        if (c.TotalAssetsFen is { } assets)
        {
            violations.Range("totalAssetsFen", assets, 0, Limits.MaxEnterpriseFiguresFen);
        }

        if (c.RatingUndefined)
        {
            violations.NotOneOf("taxCreditRating", Ratings);
        }

        violations.Text("reason", c.Reason, 500);
        var corrected = current with
        {
            Employees = c.Employees ?? current.Employees,
            AnnualRevenueFen = c.AnnualRevenueFen ?? current.AnnualRevenueFen,
            TotalAssetsFen = c.TotalAssetsFen ?? current.TotalAssetsFen,
            TaxCreditRating = c.TaxCreditRating ?? current.TaxCreditRating,
        };
        violations.Require(
            corrected.Employees != current.Employees || corrected.AnnualRevenueFen != current.AnnualRevenueFen
                || corrected.TotalAssetsFen != current.TotalAssetsFen || corrected.TaxCreditRating != current.TaxCreditRating,
            "employees", Reasons.SameAsCurrent, "no value differs from the record: send at least one of employees, annualRevenueFen, totalAssetsFen, taxCreditRating with a new value");
        violations.ThrowIfAny();
        var correction = new ProfileCorrection(caller.Subject, c.Reason!.Trim(), time.GetUtcNow(), current.Employees, current.AnnualRevenueFen,
            current.TotalAssetsFen, current.TaxCreditRating, current.SizeClass);
        return corrected with
        {
            SizeClass = SizeClassifier.Classify(current.IndustryCode, corrected.Employees, corrected.AnnualRevenueFen, corrected.TotalAssetsFen),
            Corrections = [.. current.Corrections ?? [], correction],
        };
    }

    // A firm is registered in the region of the authority that issued its code (characters 3-8: 130903,
    // or 1309 for a prefecture's bureau) or inside it; the region decides which products, programmes and
    // officials it has. A firm that moved is placed elsewhere only by an official, with the reason recorded
    // (the service checks the official covers the region).
    private static CheckOverride? RegionRule(Registration request, Caller caller, UsccCheck check, Violations violations, TimeProvider time)
    {
        var reason = request.RegionOverrideReason?.Trim();
        if (!string.IsNullOrEmpty(reason))
        {
            violations.Text("regionOverrideReason", reason, 500);
        }

        if (check.Problem is not (UsccProblem.None or UsccProblem.CheckCharacter) || !RegionCode.IsRegion(request.RegionCode))
        {
            return null;
        }

        var authority = RegionCode.Significant(UnifiedSocialCreditCode.RegionOf(check.Code));
        if (request.RegionCode.StartsWith(authority, StringComparison.Ordinal))
        {
            return null;
        }

        if (caller.IsOfficial && !string.IsNullOrEmpty(reason))
        {
            return new CheckOverride(caller.Subject, reason, time.GetUtcNow());
        }

        violations.Add("regionCode", Reasons.RegionOutside,
            $"must lie within {authority}, the region of the authority that issued the credit code (its characters 3-8); "
            + "an official of the region may register a firm that moved with regionOverrideReason",
            ("region", authority));
        return null;
    }
}
