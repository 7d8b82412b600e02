using Microsoft.Data.Sqlite;

namespace FinanceMarket.Benchmarks;

// A benchmark that keeps its files (SQLite, a redis-server's AOF) in a folder of its own for the run:
// what it holds is released first, then the folder goes.
public abstract class FolderBenchmark : IDisposable
{
    protected string Folder { get; private set; } = "";

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected void CreateFolder(string name) => Folder = Directory.CreateTempSubdirectory(name).FullName;

    protected void DeleteFolder()
    {
        Dispose();
        SqliteConnection.ClearAllPools();
        if (Folder.Length > 0)
        {
            Directory.Delete(Folder, recursive: true);
        }
    }

    protected abstract void Dispose(bool disposing);
}
