using System.Globalization;
using FinanceMarket.Terminal;

namespace FinanceMarket.CreditImport;

// The command line: options, the token, the progress bar on stderr, the summary on stdout, the exit code.
public static class CreditImportCommand
{
    public const string TokenVariable = "FINANCEMARKET_TOKEN";

    public const string Usage = """
        usage: credit-import --kind KIND --file FILE [options]
        Sends a CSV or NDJSON file of credit records to POST /api/v1/credit-data/imports in batches, and resumes
        where it stopped when run again (the state file lists the batches the server answered).

          --kind KIND          TAX, SOCIAL_INSURANCE, UTILITY, ENFORCEMENT, PENALTY or HONOR
          --file FILE          .csv (a header row naming the fields: camelCase or snake_case) or .ndjson/.jsonl
          --format FORMAT      csv or ndjson, where the file's name says neither
          --gateway URL        the gateway (default http://127.0.0.1:$FINANCEMARKET_REST_PORT, else :8080)
          --token TOKEN        a provider's (or official's) bearer token; better: set FINANCEMARKET_TOKEN
          --provider ID        with --region, a demo token from /api/v1/dev/tokens (local mode only)
          --region CODE        the provider's region code
          --batch-size N       records per request, 1 to 10000 (default 10000; fewer where 16 MiB is reached)
          --batch-prefix ID    batch ids are ID-1, ID-2, ... (default: the kind, the file's SHA-256 and the batch size)
          --state FILE         the state file (default FILE.import-state next to the input)
          --refused FILE       write the refused and unreadable records, with the reasons, as CSV
          --help               this text

        Exit status: 0 every record accepted; 1 every batch answered but some records refused or unreadable
        (listed by line); 2 bad arguments or a file that cannot be read; 3 stopped before the end (run again to
        resume).
        """;

    public static async Task<int> RunAsync(
        string[] args, TextWriter stdout, TextWriter stderr, Func<string, string?> environment, HttpMessageHandler? handler = null, CancellationToken ct = default)
    {
        ImportOptions options;
        try
        {
            var parsed = Parse(args, environment);
            if (parsed is null)
            {
                await stdout.WriteLineAsync(Usage);
                return 0;
            }

            options = parsed;
        }
        catch (ArgumentException e)
        {
            await stderr.WriteLineAsync("credit-import: " + e.Message);
            await stderr.WriteLineAsync(Usage);
            return 2;
        }

        using var http = new HttpClient(handler ?? new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) }, disposeHandler: handler is null)
        {
            BaseAddress = options.Gateway,
            // A batch of 10,000 records is one request; the server may take its time over it.
            Timeout = TimeSpan.FromMinutes(5),
        };
        using var bar = new ProgressBar(stderr, ReferenceEquals(stderr, Console.Error) ? null : false);
        try
        {
            var summary = await new CreditImporter(http, options, bar, stderr).RunAsync(ct);
            bar.Finish();
            summary.Print(stdout);
            if (options.RefusedPath is not null)
            {
                summary.WriteRefused(options.RefusedPath);
                await stdout.WriteLineAsync($"The refused and unreadable records are in {options.RefusedPath}.");
            }

            return summary.ExitCode;
        }
        catch (InputException e)
        {
            bar.Finish();
            await stderr.WriteLineAsync($"credit-import: {options.File}: {e.Message}");
            return 2;
        }
        catch (ImportStoppedException e)
        {
            bar.Finish();
            await stderr.WriteLineAsync("credit-import: stopped: " + e.Message);
            return 3;
        }
        catch (IOException e)
        {
            bar.Finish();
            await stderr.WriteLineAsync("credit-import: " + e.Message);
            return 2;
        }
    }

    // The options, or null for --help; ArgumentException says what is wrong.
    public static ImportOptions? Parse(string[] args, Func<string, string?> environment)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        string[] known = ["--kind", "--file", "--format", "--gateway", "--token", "--provider", "--region", "--batch-size", "--batch-prefix", "--state", "--refused"];
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--help" or "-h")
            {
                return null;
            }

            var (name, value) = args[i].Split('=', 2) is [var n, var v] && n.StartsWith("--", StringComparison.Ordinal) ? (n, v) : (args[i], null);
            if (!known.Contains(name))
            {
                throw new ArgumentException($"unknown argument {args[i]}");
            }

            value ??= i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value");
            values[name] = value;
        }

        var kind = values.GetValueOrDefault("--kind")?.ToUpperInvariant() ?? throw new ArgumentException("--kind is required");
        if (!RecordFields.Kinds.Contains(kind))
        {
            throw new ArgumentException($"--kind {kind}: must be one of {string.Join(", ", RecordFields.Kinds)}");
        }

        var file = values.GetValueOrDefault("--file") ?? throw new ArgumentException("--file is required");
        if (!File.Exists(file))
        {
            throw new ArgumentException($"--file {file}: no such file");
        }

        InputFormat? format = values.GetValueOrDefault("--format")?.ToLowerInvariant() switch
        {
            null => SourceRecords.FormatOf(file) ?? throw new ArgumentException($"--file {file}: the name ends in neither .csv, .ndjson nor .jsonl; say --format csv or --format ndjson"),
            "csv" => InputFormat.Csv,
            "ndjson" or "jsonl" => InputFormat.Ndjson,
            var other => throw new ArgumentException($"--format {other}: csv or ndjson"),
        };

        var port = environment("FINANCEMARKET_REST_PORT") is { Length: > 0 } p ? p : "8080";
        var gatewayText = values.GetValueOrDefault("--gateway") ?? $"http://127.0.0.1:{port}";
        if (!Uri.TryCreate(gatewayText, UriKind.Absolute, out var gateway) || gateway.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"--gateway {gatewayText}: not an http(s) address");
        }

        var batchSize = BatchSize(values.GetValueOrDefault("--batch-size"));
        var prefix = values.GetValueOrDefault("--batch-prefix");
        if (prefix is not null && (prefix.Trim().Length == 0 || prefix.Length > 90))
        {
            throw new ArgumentException("--batch-prefix: 1 to 90 characters (a batch id is at most 100)");
        }

        var token = values.GetValueOrDefault("--token") ?? (environment(TokenVariable) is { Length: > 0 } t ? t : null);
        var (provider, region) = (values.GetValueOrDefault("--provider"), values.GetValueOrDefault("--region"));
        if (token is null && (provider is null || region is null))
        {
            throw new ArgumentException($"no token: give --token, set {TokenVariable}, or (local mode) --provider and --region for a demo token");
        }

        return new ImportOptions(kind, file)
        {
            Format = format,
            Gateway = gateway,
            Token = token,
            Provider = provider,
            Region = region,
            BatchSize = batchSize,
            BatchPrefix = prefix,
            StatePath = values.GetValueOrDefault("--state"),
            RefusedPath = values.GetValueOrDefault("--refused"),
        };
    }

    private static int BatchSize(string? text)
    {
        if (text is null)
        {
            return ImportOptions.MaxBatchSize;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size is >= 1 and <= ImportOptions.MaxBatchSize
            ? size
            : throw new ArgumentException($"--batch-size {text}: 1 to {ImportOptions.MaxBatchSize}");
    }
}
