using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using StarPlatform.Contracts;
using StarPlatform.Criteria.Model;
using StarPlatform.Messaging;

namespace StarPlatform.Criteria.Data;

/// <summary>
/// The versioned data files in <c>Data/Seed/</c> (embedded in the assembly): both appendices of
/// the seed as published version 1 of their sets, and the star scheme. Loaded by the migrate
/// step, after the migrations, once before any replica starts; each set or scheme that is
/// already there is left alone, and the unique indexes make a concurrent second load a no-op.
/// Each loaded version is announced with <c>CriteriaVersionPublished</c> (the scheme with
/// <c>StarSchemePublished</c>) through the outbox (the service's relay delivers it once it runs).
/// </summary>
public static class CatalogSeed
{
    public static readonly IReadOnlyList<string> SetFiles = ["meishan-2012-center.json", "meishan-2012-window.json"];
    public const string SchemeFile = "meishan-2012-star-scheme.json";
    public const string SatisfactionFile = "meishan-2012-satisfaction.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static SeedSet ReadSet(string file) => Read<SeedSet>(file);

    public static SeedScheme ReadScheme() => Read<SeedScheme>(SchemeFile);

    public static SeedSatisfactionMapping ReadSatisfactionMapping() => Read<SeedSatisfactionMapping>(SatisfactionFile);

    /// <summary>Loads whatever of the seed is absent; returns how many sets and schemes were inserted.</summary>
    public static async Task<int> LoadAsync(IServiceProvider services, CancellationToken ct = default)
    {
        var inserted = 0;
        foreach (var file in SetFiles)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CriteriaDbContext>();
            var seed = ReadSet(file);
            if (await db.Sets.AnyAsync(s => s.Code == seed.Code, ct))
            {
                await EnrichAsync(db, seed, ct);
                continue;
            }

            var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
            var version = ToVersion(seed, clock.GetUtcNow());
            var problems = CriteriaRules.PublishProblems(version.TotalPoints, version.Categories, version.Items);
            if (problems.Count > 0)
            {
                throw new InvalidOperationException($"Seed {file} cannot be published: {string.Join(" ", problems)}");
            }

            db.Sets.Add(version.Set);
            scope.ServiceProvider.GetRequiredService<IOutbox>().Publish(Events.Published(version));
            inserted += await SaveUnlessPresentAsync(db, ct);
        }

        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CriteriaDbContext>();
            var seed = ReadScheme();
            if (!await db.StarSchemes.AnyAsync(s => s.Code == seed.Code && s.Version == seed.Version, ct))
            {
                var scheme = ToScheme(seed, scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow());
                if (CriteriaRules.SchemeProblems(scheme) is { Count: > 0 } problems)
                {
                    throw new InvalidOperationException($"Seed {SchemeFile} cannot be published: {string.Join(" ", problems)}");
                }

                db.StarSchemes.Add(scheme);
                scope.ServiceProvider.GetRequiredService<IOutbox>().Publish(Events.Published(scheme));
                inserted += await SaveUnlessPresentAsync(db, ct);
            }
        }

        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CriteriaDbContext>();
            var seed = ReadSatisfactionMapping();
            if (!await db.SatisfactionMappings.AnyAsync(m => m.Code == seed.Code && m.Version == seed.Version, ct))
            {
                db.SatisfactionMappings.Add(ToSatisfactionMapping(seed, scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow()));
                inserted += await SaveUnlessPresentAsync(db, ct);
            }
        }

        // Every published version and scheme is announced again at each migrate step: consumers keep
        // what they hold (they are idempotent), and a copy that missed or predates an announcement
        // catches up.
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CriteriaDbContext>();
            var outbox = scope.ServiceProvider.GetRequiredService<IOutbox>();
            foreach (var version in await db.Versions.Include(v => v.Set).Include(v => v.Categories).Include(v => v.Items).AsSplitQuery()
                         .Where(v => v.Status == VersionStatus.Published).ToListAsync(ct))
            {
                outbox.Publish(Events.Published(version));
            }

            foreach (var scheme in await db.StarSchemes.ToListAsync(ct))
            {
                outbox.Publish(Events.Published(scheme));
            }

            foreach (var mapping in await db.SatisfactionMappings.Where(m => m.Status == VersionStatus.Published).ToListAsync(ct))
            {
                outbox.Publish(mapping.ToPublished());
            }

            await db.SaveChangesAsync(ct);
        }

        return inserted;
    }

    /// <summary>
    /// A seed set loaded before the seed file said which outside finding fails which veto item: its
    /// seed version takes the file's <c>outsideVeto</c> ties (data the transcription added, not a
    /// change of the appendix), once.
    /// </summary>
    private static async Task EnrichAsync(CriteriaDbContext db, SeedSet seed, CancellationToken ct)
    {
        var version = await db.Versions.Include(v => v.Items).SingleOrDefaultAsync(v => v.Set.Code == seed.Code && v.Number == seed.Version, ct);
        if (version is null || version.Items.Any(i => i.OutsideVeto is not null))
        {
            return;
        }

        var ties = seed.Categories.SelectMany(c => c.Items).Where(i => i.OutsideVeto is not null).ToDictionary(i => i.Number, i => i.OutsideVeto!);
        foreach (var item in version.Items.Where(i => ties.ContainsKey(i.Number)))
        {
            item.OutsideVeto = ToOutsideVeto(ties[item.Number]);
        }

        await db.SaveChangesAsync(ct);
    }

    private static OutsideVeto ToOutsideVeto(SeedOutsideVeto veto) => new()
    {
        Finding = Words.Parse<FindingKind>(veto.Finding),
        Offences = (veto.Offences ?? []).Select(o => Words.Parse<Offence>(o)).ToList(),
    };

    /// <summary>A seed set as a published version 1 (with its set).</summary>
    public static CriteriaVersion ToVersion(SeedSet seed, DateTimeOffset now)
    {
        if (!Words.TryParse<UnitKind>(seed.UnitKind, out var unitKind))
        {
            throw new InvalidOperationException($"Seed {seed.Code}: unknown unit kind {seed.UnitKind}.");
        }

        var set = new CriteriaSet { Id = Guid.CreateVersion7(), Code = seed.Code, Name = seed.Name, UnitKind = unitKind, CreatedAt = now };
        var version = new CriteriaVersion
        {
            Id = Guid.CreateVersion7(),
            Set = set,
            SetId = set.Id,
            Number = seed.Version,
            Status = VersionStatus.Published,
            TotalPoints = seed.TotalPoints,
            Source = seed.Source,
            Notes = seed.TranscriptionNotes,
            CreatedAt = now,
            UpdatedAt = now,
            PublishedAt = now,
        };
        foreach (var category in seed.Categories)
        {
            version.Categories.Add(new CriteriaCategory
            {
                Id = Guid.CreateVersion7(), VersionId = version.Id, Number = category.Number, Name = category.Name, Points = category.Points,
            });
            foreach (var item in category.Items)
            {
                if (!CriteriaRules.TryParseItemKind(item.Kind, out var kind))
                {
                    throw new InvalidOperationException($"Seed {seed.Code} item {item.Number}: unknown kind {item.Kind}.");
                }

                version.Items.Add(new CriteriaItem
                {
                    Id = Guid.CreateVersion7(),
                    VersionId = version.Id,
                    Number = item.Number,
                    CategoryNumber = category.Number,
                    Text = item.Text,
                    MaxPoints = item.MaxPoints,
                    Kind = kind,
                    Veto = item.Veto,
                    Notes = item.Notes,
                    Tiers = (item.Tiers ?? []).Select(t => new Tier { Level = t.Level, MinFloorAreaM2 = t.MinFloorAreaM2, Points = t.Points }).ToList(),
                    OutsideVeto = item.OutsideVeto is { } veto ? ToOutsideVeto(veto) : null,
                });
            }
        }

        set.Versions.Add(version);
        return version;
    }

    /// <summary>The seed's star scheme as stored.</summary>
    public static StarScheme ToScheme(SeedScheme seed, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        Code = seed.Code,
        Version = seed.Version,
        CreationPoints = seed.Components.Creation,
        SatisfactionPoints = seed.Components.Satisfaction,
        PanelPoints = seed.Components.Panel,
        Thresholds = seed.Thresholds.Select(t => new StarThreshold { Stars = t.Stars, MinTotal = t.MinTotal }).ToList(),
        VetoCancelsStars = seed.VetoCancelsStars,
        Source = seed.Source,
        Notes = seed.Notes,
        PublishedAt = now,
    };

    /// <summary>The seed's satisfaction mapping as a published version.</summary>
    public static SatisfactionMapping ToSatisfactionMapping(SeedSatisfactionMapping seed, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        Code = seed.Code,
        Version = seed.Version,
        Status = VersionStatus.Published,
        Points = seed.Points,
        LevelWeights = seed.LevelWeights.Select(w => new LevelWeight { Level = Words.Parse<RatingLevel>(w.Level), Weight = w.Weight }).ToList(),
        Method = seed.Method,
        Bands = seed.Bands.Select(b => new SatisfactionBand { MinRate = b.MinRate, Points = b.Points }).ToList(),
        EvidenceSetCode = seed.Evidence.SetCode,
        EvidenceItem = seed.Evidence.Item,
        MinEvaluationRate = seed.Evidence.MinEvaluationRate,
        MinSatisfactionRate = seed.Evidence.MinSatisfactionRate,
        Source = seed.Source,
        Notes = seed.Notes,
        CreatedAt = now,
        PublishedAt = now,
    };

    private static async Task<int> SaveUnlessPresentAsync(CriteriaDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return 1;
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Another loader inserted it first; its outbox row announces it.
            return 0;
        }
    }

    private static T Read<T>(string file)
    {
        var name = $"{typeof(CatalogSeed).Namespace}.Seed.{file}";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The seed file {file} is not embedded ({name}).");
        return JsonSerializer.Deserialize<T>(stream, Json) ?? throw new InvalidOperationException($"The seed file {file} is empty.");
    }
}

public sealed record SeedSet(
    string Code, string Name, string UnitKind, int Version, decimal TotalPoints, string? Source, string? TranscriptionNotes,
    IReadOnlyList<SeedCategory> Categories);

public sealed record SeedCategory(int Number, string Name, decimal Points, IReadOnlyList<SeedItem> Items);

public sealed record SeedItem(
    int Number, string Text, decimal MaxPoints, string Kind, bool Veto, string? Notes, IReadOnlyList<SeedTier>? Tiers,
    SeedOutsideVeto? OutsideVeto = null);

/// <param name="Basis">the seed's words that tie the finding to the item (its 备注), verbatim</param>
public sealed record SeedOutsideVeto(string Finding, IReadOnlyList<string>? Offences, string Basis);

public sealed record SeedTier(string Level, decimal MinFloorAreaM2, decimal Points);

public sealed record SeedScheme(
    string Code, int Version, string? Source, string? Notes, SeedComponents Components, IReadOnlyList<SeedThreshold> Thresholds,
    bool VetoCancelsStars);

public sealed record SeedComponents(decimal Creation, decimal Satisfaction, decimal Panel);

public sealed record SeedThreshold(int Stars, decimal MinTotal);

public sealed record SeedSatisfactionMapping(
    string Code, int Version, string? Source, string? Notes, decimal Points, IReadOnlyList<SeedLevelWeight> LevelWeights, string Method,
    IReadOnlyList<SeedBand> Bands, SeedEvidence Evidence);

public sealed record SeedLevelWeight(string Level, decimal Weight);

public sealed record SeedBand(decimal MinRate, decimal Points);

public sealed record SeedEvidence(string SetCode, int Item, decimal MinEvaluationRate, decimal MinSatisfactionRate);
