using MassTransit;
using StarPlatform.Complaints.Data;
using StarPlatform.Complaints.Model;
using StarPlatform.Contracts;

namespace StarPlatform.Complaints.Consumers;

/// <summary>
/// Keeps Complaints' copy of the directory of people (<see cref="ReplicatedPerson"/>) from Identity's
/// announcements. Each carries the whole person with its revision, so whatever order they arrive in the
/// newest one wins and a redelivered or older one changes nothing. Runs in the consume's transaction
/// (<c>TransactionalConsumeFilter</c>): the inbox skips a message already taken.
/// </summary>
public sealed class PeopleConsumer(ComplaintsDbContext db) : IConsumer<PersonChanged>
{
    public async Task Consume(ConsumeContext<PersonChanged> context)
    {
        var m = context.Message;
        var person = await db.People.FindAsync([m.PersonId], context.CancellationToken);
        if (person is null)
        {
            person = new ReplicatedPerson { Id = m.PersonId, DisplayName = m.DisplayName };
            db.People.Add(person);
        }
        else if (m.Revision <= person.Revision)
        {
            return;
        }

        person.DisplayName = m.DisplayName;
        person.Roles = [.. m.Roles];
        person.Active = m.Active;
        person.Revision = m.Revision;
        person.ChangedAt = m.ChangedAt;
    }
}
