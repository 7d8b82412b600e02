using System.Text;
using FinanceMarket.Enterprises.Model;
using FinanceMarket.ServiceDefaults.Events;
using FinanceMarket.ServiceDefaults.Storage;

namespace FinanceMarket.Enterprises.Infrastructure;

internal sealed class SqliteEnterpriseStore(SqliteDatabase database, OutboxSignal signal) : IEnterpriseStore, ISqliteSchema
{
    public static string Schema => """
        CREATE TABLE IF NOT EXISTS enterprises (
            uscc TEXT PRIMARY KEY,
            region_code TEXT NOT NULL,
            doc TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS enterprises_region ON enterprises (region_code, uscc);
        -- What eligibility reads, in narrow columns, so that counting a province's million enterprises is one
        -- scan with no JSON; written with the enterprise, and filled from the documents of a file that predates it.
        CREATE TABLE IF NOT EXISTS enterprise_profiles (
            uscc TEXT PRIMARY KEY REFERENCES enterprises (uscc),
            region_code TEXT NOT NULL,
            industry_section TEXT NOT NULL,
            size_class TEXT NOT NULL,
            tax_rating TEXT NOT NULL,
            established_on TEXT NOT NULL,
            industry_code TEXT NOT NULL
        );
        -- In the order of the count's groups, and holding every column it reads: counting scans this index
        -- alone and aggregates as it goes, with no sort.
        CREATE INDEX IF NOT EXISTS enterprise_profiles_reach
            ON enterprise_profiles (region_code, industry_section, size_class, tax_rating, established_on, industry_code);
        INSERT INTO enterprise_profiles (uscc, region_code, industry_section, size_class, tax_rating, established_on, industry_code)
        SELECT uscc, region_code, substr(json_extract(doc, '$.industryCode'), 1, 1), json_extract(doc, '$.sizeClass'),
               json_extract(doc, '$.taxCreditRating'), json_extract(doc, '$.establishedOn'), json_extract(doc, '$.industryCode')
        FROM enterprises WHERE NOT EXISTS (SELECT 1 FROM enterprise_profiles p WHERE p.uscc = enterprises.uscc);
        """;

    public Task<bool> TryRegisterAsync(Enterprise enterprise, IReadOnlyList<IntegrationEvent> events, CancellationToken cancellationToken) =>
        database.WriteWithEventsAsync(async (connection, transaction) =>
        {
            await using var insert = SqliteDatabase.Command(connection, transaction,
                "INSERT INTO enterprises (uscc, region_code, doc) VALUES ($uscc, $region, $doc) ON CONFLICT (uscc) DO NOTHING",
                ("$uscc", enterprise.Uscc), ("$region", enterprise.RegionCode), ("$doc", StoreJson.Serialize(enterprise)));
            if (await insert.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                return false;
            }

            await using var profile = SqliteDatabase.Command(connection, transaction,
                """
                INSERT INTO enterprise_profiles (uscc, region_code, industry_section, size_class, tax_rating, established_on, industry_code)
                VALUES ($uscc, $region, substr($industry, 1, 1), $size, $rating, $established, $industry)
                """,
                ("$uscc", enterprise.Uscc), ("$region", enterprise.RegionCode), ("$industry", enterprise.IndustryCode),
                ("$size", enterprise.SizeClass.Wire()), ("$rating", enterprise.TaxCreditRating.Wire()),
                ("$established", Dates.Day(enterprise.EstablishedOn)));
            await profile.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }, events, signal, cancellationToken);

    // The document and the narrow columns eligibility counts on change together.
    public Task<bool> TryCorrectAsync(Enterprise corrected, int expectedCorrections, IReadOnlyList<IntegrationEvent> events, CancellationToken cancellationToken) =>
        database.WriteWithEventsAsync(async (connection, transaction) =>
        {
            await using var update = SqliteDatabase.Command(connection, transaction,
                "UPDATE enterprises SET doc = $doc WHERE uscc = $uscc AND coalesce(json_array_length(doc, '$.corrections'), 0) = $expected",
                ("$uscc", corrected.Uscc), ("$doc", StoreJson.Serialize(corrected)), ("$expected", expectedCorrections));
            if (await update.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                return false;
            }

            await using var profile = SqliteDatabase.Command(connection, transaction,
                "UPDATE enterprise_profiles SET size_class = $size, tax_rating = $rating WHERE uscc = $uscc",
                ("$uscc", corrected.Uscc), ("$size", corrected.SizeClass.Wire()), ("$rating", corrected.TaxCreditRating.Wire()));
            await profile.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }, events, signal, cancellationToken);

    public async Task<Enterprise?> FindAsync(string uscc, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = SqliteDatabase.Command(connection, null, "SELECT doc FROM enterprises WHERE uscc = $uscc", ("$uscc", uscc));
        return await command.ExecuteScalarAsync(cancellationToken) is string doc ? StoreJson.Deserialize<Enterprise>(doc) : null;
    }

    public async Task<Page<Enterprise>> ListAsync(string regionPrefix, int pageSize, string? afterUscc, CancellationToken cancellationToken)
    {
        await using var connection = database.Open();
        await using var command = SqliteDatabase.Command(connection, null,
            $"""
            SELECT uscc, doc FROM enterprises
            WHERE {RegionRanges.Within("region_code", "$prefix")} AND uscc > $after
            ORDER BY uscc LIMIT $limit
            """,
            ("$prefix", regionPrefix), ("$after", afterUscc ?? string.Empty), ("$limit", pageSize + 1));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<Enterprise>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(StoreJson.Deserialize<Enterprise>(reader.GetString(1)));
        }

        return Page.Of(items, pageSize, e => e.Uscc);
    }

    public async Task<IReadOnlyList<ReachCell>> CountAsync(EnterpriseCriteria criteria, CancellationToken cancellationToken)
    {
        var where = new StringBuilder("1 = 1");
        var parameters = new List<(string, object?)>();
        void AnyOf(string column, IReadOnlyList<string> values)
        {
            if (values.Count > 0)
            {
                where.Append(" AND ").Append(column).Append(" IN (")
                    .AppendJoin(", ", values.Select((v, i) => Parameter($"${column}{i}", v))).Append(')');
            }
        }

        void AnyPrefix(string column, IReadOnlyList<string> prefixes)
        {
            if (prefixes.Count > 0)
            {
                where.Append(" AND (").AppendJoin(" OR ", prefixes.Select((p, i) =>
                    $"substr({column}, 1, {p.Length}) = {Parameter($"${column}{i}", p)}")).Append(')');
            }
        }

        string Parameter(string name, object value)
        {
            parameters.Add((name, value));
            return name;
        }

        AnyOf("size_class", [.. criteria.SizeClasses.Select(s => s.Wire())]);
        AnyOf("tax_rating", [.. criteria.TaxCreditRatings.Select(r => r.Wire())]);
        AnyPrefix("industry_code", criteria.IndustryPrefixes);
        AnyPrefix("region_code", criteria.RegionPrefixes);
        if (criteria.EstablishedOnOrBefore is { } founded)
        {
            where.Append(" AND established_on <= ").Append(Parameter("$founded", Dates.Day(founded)));
        }

        await using var connection = database.Open();
        await using var command = SqliteDatabase.Command(connection, null,
            $"""
            SELECT region_code, industry_section, size_class, count(*) FROM enterprise_profiles INDEXED BY enterprise_profiles_reach
            WHERE {where} GROUP BY region_code, industry_section, size_class
            """,
            [.. parameters]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var cells = new List<ReachCell>();
        while (await reader.ReadAsync(cancellationToken))
        {
            cells.Add(new ReachCell(reader.GetString(0), reader.GetString(1), WireNames.Parse<SizeClass>(reader.GetString(2)), reader.GetInt64(3)));
        }

        return cells;
    }
}
