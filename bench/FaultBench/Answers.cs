using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace StarPlatform.Bench;

/// <summary>
/// A client that does what a real one does when the suite falters: a request that failed (a 5xx, 429, a connection
/// lost, no answer within the attempt's time) is sent again, the same body and the same <c>Idempotency-Key</c>, after
/// the <c>Retry-After</c> it was given (at most <see cref="LongestWait"/>; half a second without one), until it is
/// answered or <see cref="GiveUpAfter"/> from when it was due. Every answer is counted by path and kind, with its
/// instant, so the run can say when a path served again after a fault.
/// </summary>
internal sealed class Answers(TimeSpan giveUpAfter)
{
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan WaitWithoutRetryAfter = TimeSpan.FromMilliseconds(500);

    private readonly ConcurrentDictionary<(string Path, string Answer), int> _counts = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(long At, bool Served)>> _timeline = new();

    public TimeSpan GiveUpAfter => giveUpAfter;

    /// <param name="Status">the last answer's status; null when no attempt was answered before giving up</param>
    /// <param name="Attempts">how many were sent: after more than one, an earlier attempt may have taken effect unanswered</param>
    public readonly record struct Outcome(HttpStatusCode? Status, string Body, int Attempts)
    {
        public bool Succeeded => Status is { } status && (int)status is >= 200 and < 300;
    }

    /// <summary>Sends <paramref name="request"/> (built anew for each attempt, always the same) until it is answered with other than a failure, or gives up.</summary>
    public async Task<Outcome> SendAsync(HttpClient http, Func<HttpRequestMessage> request, string path, long due)
    {
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan wait;
            try
            {
                using var message = request();
                using var response = await http.SendAsync(message);
                var body = await response.Content.ReadAsStringAsync();
                var status = (int)response.StatusCode;
                if (status < 500 && response.StatusCode != HttpStatusCode.TooManyRequests)
                {
                    Record(path, status.ToString(CultureInfo.InvariantCulture), served: status is >= 200 and < 300 ? true : null);
                    return new Outcome(response.StatusCode, body, attempt);
                }

                var retryAfter = response.Headers.RetryAfter?.Delta;
                Record(path, retryAfter is { } delay
                    ? string.Create(CultureInfo.InvariantCulture, $"{status} Retry-After {delay.TotalSeconds:0}")
                    : $"{status} without Retry-After", served: false);
                wait = retryAfter is { } given ? (given > LongestWait ? LongestWait : given) : WaitWithoutRetryAfter;
            }
            catch (HttpRequestException)
            {
                Record(path, "connection failure", served: false);
                wait = WaitWithoutRetryAfter;
            }
            catch (TaskCanceledException)
            {
                Record(path, "no answer in time", served: false);
                wait = WaitWithoutRetryAfter;
            }

            if (Stopwatch.GetElapsedTime(due) + wait > giveUpAfter)
            {
                Record(path, "given up", served: null);
                return new Outcome(null, "", attempt);
            }

            await Task.Delay(wait);
        }
    }

    private void Record(string path, string answer, bool? served)
    {
        _counts.AddOrUpdate((path, answer), 1, (_, n) => n + 1);
        if (served is { } ok)
        {
            _timeline.GetOrAdd(path, _ => new()).Enqueue((Stopwatch.GetTimestamp(), ok));
        }
    }

    /// <summary>
    /// How <paramref name="path"/> came back after a fault at <paramref name="faultAt"/>: from the fault until the first
    /// success after its first failed answer, and until its last failed answer; null when no answer after it failed.
    /// </summary>
    public (TimeSpan ServedAgain, TimeSpan LastFailure)? Recovery(string path, long faultAt)
    {
        var timeline = _timeline.GetValueOrDefault(path)?.Where(e => e.At >= faultAt).OrderBy(e => e.At).ToList() ?? [];
        var firstFailure = timeline.FirstOrDefault(e => !e.Served);
        if (firstFailure.At == 0)
        {
            return null;
        }

        var servedAgain = timeline.FirstOrDefault(e => e.Served && e.At > firstFailure.At);
        var lastFailure = timeline.Last(e => !e.Served);
        return (servedAgain.At == 0 ? TimeSpan.MaxValue : Ticks(servedAgain.At - faultAt), Ticks(lastFailure.At - faultAt));
    }

    public string Of(string path)
    {
        var answers = _counts.Where(c => c.Key.Path == path).OrderBy(c => c.Key.Answer, StringComparer.Ordinal).ToList();
        var text = new StringBuilder();
        foreach (var ((_, answer), count) in answers)
        {
            text.Append(text.Length > 0 ? ", " : "").Append(CultureInfo.InvariantCulture, $"{answer}×{count}");
        }

        return text.Length > 0 ? text.ToString() : "none";
    }

    private static TimeSpan Ticks(long ticks) => TimeSpan.FromSeconds((double)ticks / Stopwatch.Frequency);
}
