using Microsoft.EntityFrameworkCore;
using StarPlatform.Identity.Model;
using StarPlatform.Messaging;

namespace StarPlatform.Identity.Data;

/// <summary>
/// Development only: brings the directory to <see cref="DevelopmentPeople"/>; each person entered or
/// changed is announced (<c>PersonChanged</c>, through the outbox) in the same save, so the copies
/// other services keep follow. A person already as listed is left alone and announced again by nobody.
/// </summary>
public static class DevelopmentPeopleSeeder
{
    public static async Task<int> SeedAsync(IdentityDbContext db, IOutbox outbox, DateTimeOffset at, CancellationToken ct)
    {
        var ids = DevelopmentPeople.All.Select(p => p.Id).ToList();
        var existing = await db.People.Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var changed = 0;
        foreach (var listed in DevelopmentPeople.All)
        {
            if (!existing.TryGetValue(listed.Id, out var person))
            {
                person = new Person { Id = listed.Id, DisplayName = listed.DisplayName };
                db.People.Add(person);
            }

            if (person.Take(listed.DisplayName, [listed.Role], unitId: null, listed.Active, at))
            {
                outbox.Publish(person.Announcement());
                changed++;
            }
        }

        await db.SaveChangesAsync(ct);
        return changed;
    }
}
