using System.Text;
using System.Text.Json.Nodes;
using FinanceMarket.CreditImport;

namespace FinanceMarket.UnitTests.CreditImport;

// The importer's reading of files, before anything is sent: CSV quoting and line numbers, the header's names,
// each cell converted to its field's JSON type, rows that cannot be converted kept back by line, NDJSON.
public sealed class CreditImportParsingTests
{
    [Fact]
    public void Quoted_cells_hold_commas_quotes_line_breaks_and_chinese_and_each_row_keeps_the_line_it_starts_on()
    {
        var text = "a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\r\n\r\n2,\"沧州市运河区\n人民法院\",z\n3,,\"\"\n4,no\"quote,end";
        var csv = new CsvReader(new StringReader(text));
        var rows = new List<CsvRow>();
        for (var row = csv.Read(); row is not null; row = csv.Read())
        {
            rows.Add(row);
        }

        Assert.Equal([1L, 2, 4, 6, 7], rows.Select(r => r.Line));
        Assert.Equal(["1", "x, y", "say \"hi\""], rows[1].Cells);
        Assert.Equal(["2", "沧州市运河区\n人民法院", "z"], rows[2].Cells);
        Assert.Equal(["3", "", ""], rows[3].Cells);
        Assert.Equal(["4", "no\"quote", "end"], rows[4].Cells);
        Assert.Equal("1,\"x, y\",\"say \"\"hi\"\"\"", rows[1].Raw);
        Assert.All(rows, r => Assert.Null(r.Error));
    }

    [Fact]
    public void A_quoted_cell_never_closed_is_an_error_of_its_row()
    {
        var csv = new CsvReader(new StringReader("a,b\n1,\"open\n2,3\n"));
        csv.Read();
        var row = csv.Read()!;

        Assert.Equal(2, row.Line);
        Assert.Contains("never closed", row.Error);
        Assert.Null(csv.Read());
    }

    [Fact]
    public void Cells_become_the_protos_types_an_empty_cell_leaves_the_field_out_and_a_bad_cell_keeps_the_row_back_by_line()
    {
        // A BOM and snake_case names, as a spreadsheet exports them.
        var file = Write("\uFEFFuscc,year,tax_paid_fen,invoiced_revenue_fen,tax_credit_rating\n" +
            "91130903MA0UXR02Q1,2025,3123456,200000000,A\n" +
            "91130903MA0UXR02Q2,abc,1,2,B\n" +
            "91130903MA0UXR02Q3,2025,,,\n" +
            "91130903MA0UXR02Q4,2025,99999999999999,1.5,C\n" +
            "91130903MA0UXR02Q5,2025,1\n");
        using var reader = SourceRecords.Open(file);
        var records = SourceRecords.Read(reader, InputFormat.Csv, "TAX").ToList();

        Assert.Equal([2L, 3, 4, 5, 6], records.Select(r => r.Line));
        var first = JsonNode.Parse(records[0].Json)!.AsObject();
        Assert.Equal(
            """{"uscc":"91130903MA0UXR02Q1","year":2025,"taxPaidFen":3123456,"invoicedRevenueFen":200000000,"taxCreditRating":"A"}""",
            first.ToJsonString());
        Assert.Null(records[1].Json);
        Assert.Equal([new LineProblem(3, "year", "\"abc\" is not a whole number (32-bit)")], records[1].Problems);
        Assert.Equal("""{"uscc":"91130903MA0UXR02Q3","year":2025}""", Encoding.UTF8.GetString(records[2].Json!));
        Assert.Equal(["invoicedRevenueFen"], records[3].Problems.Select(p => p.Field));
        Assert.Contains("has 3 cells where the header has 5", records[4].Problems.Single().Message);
    }

    [Fact]
    public void Booleans_and_text_of_the_other_kinds()
    {
        var file = Write("uscc,court,case_number,listed_on,amount_fen,dishonest\n" +
            "91130903MA0UXR02Q1,\"沧州市运河区人民法院\",\"(2025)冀0903执1号\",2025-10-01,8000000,是\n" +
            "91130903MA0UXR02Q2,x,y,2025-10-01,1,maybe\n");
        using var reader = SourceRecords.Open(file);
        var records = SourceRecords.Read(reader, InputFormat.Csv, "ENFORCEMENT").ToList();

        var court = JsonNode.Parse(records[0].Json)!;
        Assert.Equal(("沧州市运河区人民法院", "(2025)冀0903执1号", 8_000_000L, true),
            ((string)court["court"]!, (string)court["caseNumber"]!, (long)court["amountFen"]!, (bool)court["dishonest"]!));
        Assert.Equal("dishonest", records[1].Problems.Single().Field);
    }

    [Theory]
    [InlineData("uscc,year,taxPaid\n", "\"taxPaid\", not a field of TAX records")]
    [InlineData("year,taxPaidFen\n", "no uscc column")]
    [InlineData("uscc,year,YEAR\n", "names year twice")]
    public void A_header_that_names_no_field_of_the_kind_stops_the_file_before_anything_is_sent(string header, string message)
    {
        using var reader = SourceRecords.Open(Write(header + "91130903MA0UXR02Q1,2025,1\n"));

        var e = Assert.Throws<InputException>(() => SourceRecords.Read(reader, InputFormat.Csv, "TAX").ToList());
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Ndjson_lines_go_as_they_are_with_snake_case_keys_renamed_and_a_broken_line_kept_back()
    {
        var file = Write("""
            {"uscc":"91130903MA0UXR02Q1","month":"2025-11","insured_employees":40}

            {"uscc":"91130903MA0UXR02Q2","month":"2025-11",
            ["not an object"]
            """);
        using var reader = SourceRecords.Open(file);
        var records = SourceRecords.Read(reader, InputFormat.Ndjson, "SOCIAL_INSURANCE").ToList();

        Assert.Equal([1L, 3, 4], records.Select(r => r.Line));
        Assert.Equal("""{"uscc":"91130903MA0UXR02Q1","month":"2025-11","insuredEmployees":40}""", Encoding.UTF8.GetString(records[0].Json!));
        Assert.Null(records[1].Json);
        Assert.Contains("not a JSON object", records[2].Problems.Single().Message);
    }

    [Fact]
    public void The_command_line_needs_a_kind_a_file_and_a_token_and_reads_the_token_from_the_environment()
    {
        var file = Write("uscc\n");
        var csv = Path.ChangeExtension(file, ".csv");
        File.Move(file, csv);
        Func<string, string?> none = _ => null;

        Assert.Null(CreditImportCommand.Parse(["--help"], none));
        Assert.Contains("--kind is required", Assert.Throws<ArgumentException>(() => CreditImportCommand.Parse(["--file", csv], none)).Message);
        Assert.Contains("must be one of", Assert.Throws<ArgumentException>(() => CreditImportCommand.Parse(["--kind", "GOSSIP", "--file", csv], none)).Message);
        Assert.Contains("no token", Assert.Throws<ArgumentException>(() => CreditImportCommand.Parse(["--kind", "TAX", "--file", csv], none)).Message);
        Assert.Contains("--batch-size", Assert.Throws<ArgumentException>(() =>
            CreditImportCommand.Parse(["--kind", "TAX", "--file", csv, "--token", "t", "--batch-size", "10001"], none)).Message);

        var options = CreditImportCommand.Parse(["--kind", "tax", "--file", csv, "--batch-size=500"],
            name => name == CreditImportCommand.TokenVariable ? "secret" : name == "FINANCEMARKET_REST_PORT" ? "18080" : null)!;
        Assert.Equal(("TAX", "secret", 500, InputFormat.Csv, "http://127.0.0.1:18080/", csv + ".import-state"),
            (options.Kind, options.Token, options.BatchSize, options.Format, options.Gateway.ToString(), options.State));
    }

    [Fact]
    public async Task Bad_arguments_print_the_usage_and_exit_with_2()
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());

        Assert.Equal(2, await CreditImportCommand.RunAsync(["--kind"], stdout, stderr, _ => null, ct: TestContext.Current.CancellationToken));
        Assert.Contains("usage: credit-import", stderr.ToString());
        Assert.Equal(0, await CreditImportCommand.RunAsync(["--help"], stdout, stderr, _ => null, ct: TestContext.Current.CancellationToken));
        Assert.Contains("--batch-size", stdout.ToString());
    }

    private static string Write(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), "credit-import-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }
}
