using FinanceMarket.CreditImport;

// dotnet run --project tools/CreditImport -- --kind TAX --file tax.csv [options]; --help says the rest.
return await CreditImportCommand.RunAsync(args, Console.Out, Console.Error, Environment.GetEnvironmentVariable);
