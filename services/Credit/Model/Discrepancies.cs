namespace FinanceMarket.Credit.Model;

// What the enterprise declared at registration (or an official corrected), learnt from the registry's
// events: the region its data belongs to, and the values the credit data is compared with.
public sealed record DeclaredProfile(
    string Uscc,
    string Name,
    string RegionCode,
    string IndustryCode,
    SizeClass SizeClass,
    TaxCreditRating TaxCreditRating,
    int? Employees,
    long? AnnualRevenueFen,
    long? TotalAssetsFen,
    int CorrectionCount);

[WireNames]
public enum DiscrepancyField
{
    TaxCreditRating = 1,
    Employees = 2,
}

// A declared value the data contradicts, as found when either last changed.
public sealed record Discrepancy(
    string Uscc,
    string Name,
    string RegionCode,
    DiscrepancyField Field,
    string Declared,
    string Verified,
    string VerifiedBy,
    SizeClass? DeclaredSizeClass,
    SizeClass? VerifiedSizeClass,
    DateTimeOffset FoundAt);

public static class Discrepancies
{
    // An insured headcount counts staff a little differently from a declared one (part-timers, the month's
    // joiners): a difference is listed when it is over a tenth, or when it moves the size class.
    public const int TolerancePercent = 10;

    public static List<Discrepancy> Find(DeclaredProfile declared, VerifiedValues verified, DateTimeOffset now)
    {
        var found = new List<Discrepancy>(2);
        if (verified.TaxCreditRating is { } rating && rating != declared.TaxCreditRating)
        {
            found.Add(new Discrepancy(declared.Uscc, declared.Name, declared.RegionCode, DiscrepancyField.TaxCreditRating,
                declared.TaxCreditRating.Wire(), rating.Wire(), $"tax {verified.TaxRatingYear}", null, null, now));
        }

        if (verified.InsuredEmployees is { } insured && declared.Employees is { } employees)
        {
            // Events from before the declared figures travelled with them leave the size class to the headcount alone.
            SizeClass? verifiedSize = declared.AnnualRevenueFen is not null && declared.TotalAssetsFen is not null ? SizeWith(declared, insured) : null;
            var apart = Math.Abs((long)insured - employees) * 100 > (long)TolerancePercent * Math.Max(employees, 1);
            if (insured != employees && (apart || (verifiedSize is not null && verifiedSize != declared.SizeClass)))
            {
                found.Add(new Discrepancy(declared.Uscc, declared.Name, declared.RegionCode, DiscrepancyField.Employees,
                    employees.ToString(System.Globalization.CultureInfo.InvariantCulture), insured.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    $"social insurance {verified.EmployeesMonth}", declared.SizeClass, verifiedSize, now));
            }
        }

        return found;
    }

    // The discrepancies of each enterprise found again from its declared profile and its tax and social
    // insurance records (read for all of them at once by the stores); one still standing keeps the moment it
    // was first found.
    public static List<Discrepancy> Refresh(
        IReadOnlyCollection<DeclaredProfile> declared, ILookup<string, StoredRecord> records, ILookup<string, Discrepancy> before, DateTimeOffset now) =>
        [.. declared.SelectMany(d => Find(d, CreditProfiles.Build(d.Uscc, [.. records[d.Uscc]], ChinaTime.DateOf(now)).Verified, now)
            .Select(found => Since(found, [.. before[d.Uscc]])))];

    // A discrepancy found again as it stood before keeps the moment it was first found.
    public static Discrepancy Since(Discrepancy found, IReadOnlyList<Discrepancy> before) =>
        before.FirstOrDefault(b => b.Field == found.Field && b.Declared == found.Declared && b.Verified == found.Verified) is { } earlier
            ? found with { FoundAt = earlier.FoundAt }
            : found;

    // The size class the declared figures give with the verified headcount in place of the declared one.
    public static SizeClass SizeWith(DeclaredProfile declared, int employees) =>
        SizeClassifier.Classify(declared.IndustryCode, employees, declared.AnnualRevenueFen ?? 0, declared.TotalAssetsFen ?? 0);
}
