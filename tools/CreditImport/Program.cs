using FinanceMarket.CreditImport;

// dotnet run --project tools/CreditImport -- --kind TAX --file tax.csv [options]; --help says the rest.
// Ctrl-C stops after the batch in flight is answered or abandoned, with the summary; run again to resume.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = !cancel.IsCancellationRequested;
    cancel.Cancel();
};
return await CreditImportCommand.RunAsync(args, Console.Out, Console.Error, Environment.GetEnvironmentVariable, ct: cancel.Token);
