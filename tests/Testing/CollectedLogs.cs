using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace StarPlatform.Testing;

/// <summary>One log record a hosted service wrote.</summary>
public sealed record LogRecord(LogLevel Level, string Category, string Message, Exception? Exception);

/// <summary>
/// Every log record (Information and above) of a service hosted in a test, so tests can wait for what
/// a service says it did (an inbox skip) and prove what it never says (an Error for a refusal).
/// </summary>
public sealed class CollectedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<LogRecord> _records = new();

    public IReadOnlyCollection<LogRecord> Records => _records;

    /// <summary>Records at Error or above (Critical), optionally only those written after <paramref name="since"/> records.</summary>
    public IReadOnlyList<LogRecord> Errors(int since = 0) => _records.Skip(since).Where(r => r.Level >= LogLevel.Error).ToList();

    public int Count => _records.Count;

    /// <summary>Waits until the inbox reports <paramref name="messageId"/> as already consumed and skipped.</summary>
    public Task SkippedAsync(Guid messageId, TimeSpan within) => Eventually.HoldsAsync(
        () => Task.FromResult(_records.Any(r => r.Message.Contains("already consumed", StringComparison.Ordinal)
            && r.Message.Contains(messageId.ToString(), StringComparison.Ordinal))),
        within, $"redelivery of {messageId} skipped by the inbox");

    public ILogger CreateLogger(string categoryName) => new Collector(categoryName, _records);

    public void Dispose()
    {
    }

    private sealed class Collector(string category, ConcurrentQueue<LogRecord> records) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                records.Enqueue(new LogRecord(logLevel, category, formatter(state, exception), exception));
            }
        }
    }
}
