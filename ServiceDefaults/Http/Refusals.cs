using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using StarPlatform.Messaging.Lifecycles;

namespace StarPlatform.Http;

/// <summary>A lifecycle step's refusal as the request's answer: an RFC 9457 problem with the refusal's status and <c>code</c>.</summary>
public static class Refusals
{
    public static ProblemHttpResult ToProblem(this Refusal refusal) =>
        TypedResults.Problem(refusal.Detail, statusCode: refusal.Status, title: refusal.Title,
            extensions: new Dictionary<string, object?> { ["code"] = refusal.Code });
}
