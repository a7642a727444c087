using System.Net;
using System.Net.Http.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using StarPlatform.Complaints.Data;
using StarPlatform.Contracts;
using StarPlatform.Testing;

namespace StarPlatform.Complaints.Tests;

/// <summary>
/// A case goes only to an active investigator of the directory of people (Complaints' copy of
/// Identity's, kept from <c>PersonChanged</c>): anyone else is refused with 422 in Chinese and nothing
/// is written; the copy takes the newest announcement whatever order they arrive in, and a repeated
/// one changes nothing. Real PostgreSQL and RabbitMQ.
/// </summary>
[Collection(ComplaintsCollection.Name)]
public sealed class AssigneeTests(ComplaintsFixture fixture)
{
    [Fact]
    public async Task A_case_is_assigned_to_an_active_investigator_of_the_directory()
    {
        var (operatorClient, id) = await ReceivedAsync();
        var investigatorId = await fixture.InvestigatorAsync();

        var answer = await (await operatorClient.PostAsJsonAsync($"/api/complaints/{id}/assignment", new { investigatorId })).OkAsync();

        Assert.Equal("assigned", answer.Str("status"));
        Assert.Equal(investigatorId, answer.GetProperty("investigatorId").GetGuid());
    }

    [Theory]
    [InlineData("unknown", "人员名录中没有此 ID 的人员")]
    [InlineData("inactive", "已停用")]
    [InlineData("operator", "不是调查人员")]
    public async Task Assigning_to_someone_who_is_not_an_active_investigator_is_refused_in_Chinese_and_writes_nothing(string who, string says)
    {
        var (operatorClient, id) = await ReceivedAsync();
        var assignee = who switch
        {
            "unknown" => Guid.NewGuid(),
            "inactive" => await fixture.InvestigatorAsync(active: false, name: "马超"),
            _ => await fixture.InvestigatorAsync(role: "operator", name: "何静"),
        };
        var before = await fixture.WrittenAsync();
        var logged = fixture.ServiceLogs.Count;

        var problem = await (await operatorClient.PostAsJsonAsync($"/api/complaints/{id}/assignment", new { investigatorId = assignee }))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Equal("案件只能分派给在岗的调查人员。", problem.Str("title"));
        Assert.Contains(says, problem.Str("detail"));
        Assert.Equal(before, await fixture.WrittenAsync());
        var stored = await (await operatorClient.GetAsync($"/api/complaints/{id}")).OkAsync();
        Assert.Equal("received", stored.Str("status"));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, stored.GetProperty("investigatorId").ValueKind);
        Assert.Empty(fixture.ServiceLogs.Errors(logged));
    }

    [Fact]
    public async Task The_copy_takes_the_newest_announcement_of_a_person_and_a_repeated_or_older_one_changes_nothing()
    {
        var personId = Guid.CreateVersion7();
        var at = DateTimeOffset.UtcNow;
        var second = new PersonChanged(personId, "黄丽", ["investigator"], null, Active: false, Revision: 2, at.AddMinutes(1));
        var first = new PersonChanged(personId, "黄丽", ["investigator"], null, Active: true, Revision: 1, at);
        var secondId = NewId.NextGuid();

        await PublishAsync(second, secondId);
        await Eventually.HoldsAsync(async () => await RevisionAsync(personId) == 2, TimeSpan.FromSeconds(30), "the second revision copied");
        await PublishAsync(first, NewId.NextGuid());
        await PublishAsync(second with { DisplayName = "黄丽（重复）" }, secondId);
        var third = second with { DisplayName = "黄丽丽", Active = true, Revision = 3, ChangedAt = at.AddMinutes(2) };
        await PublishAsync(third, NewId.NextGuid());
        await Eventually.HoldsAsync(async () => await RevisionAsync(personId) == 3, TimeSpan.FromSeconds(30), "the third revision copied");

        await using var scope = fixture.Services.CreateAsyncScope();
        var copy = await scope.ServiceProvider.GetRequiredService<ComplaintsDbContext>().People.AsNoTracking().SingleAsync(p => p.Id == personId);
        Assert.Equal("黄丽丽", copy.DisplayName);
        Assert.True(copy.IsActiveInvestigator);
        Assert.Equal(1, await fixture.ScalarAsync("select count(*) from people where id = $1", personId));
    }

    private async Task<(HttpClient Operator, Guid Id)> ReceivedAsync()
    {
        var operatorClient = fixture.As("operator");
        var id = (await (await operatorClient.FileAsync(Api.Intake(await fixture.TargetAsync()))).CreatedAsync()).Id();
        return (operatorClient, id);
    }

    private Task PublishAsync(PersonChanged message, Guid messageId) =>
        fixture.Services.GetRequiredService<IBus>().Publish(message, context => context.MessageId = messageId);

    private Task<long> RevisionAsync(Guid personId) =>
        fixture.ScalarAsync("select coalesce(max(revision), 0) from people where id = $1", personId);
}
