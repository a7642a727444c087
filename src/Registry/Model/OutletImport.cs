namespace StarPlatform.Registry.Model;

/// <summary>One row of a bulk import file as read (strings, not yet checked). Row numbers start at 1.</summary>
public sealed record ImportRow(
    int Row, string? Name, string? Level, string? DivisionCode, string? ParentId, string? ParentDivisionCode, string? Address);

/// <summary>What became of a row: the outlet's id and whether it was created or was already there, identical.</summary>
public sealed record ImportOutcome(int Row, Guid Id, string Name, bool Created);

/// <summary>The outcome of planning an import: the outlets to create, or every bad row.</summary>
public sealed record ImportPlan(
    IReadOnlyList<Outlet> ToCreate,
    IReadOnlyList<ImportOutcome> Outcomes,
    IReadOnlyDictionary<string, string[]> Errors,
    IReadOnlyCollection<Guid> ExistingParents);

/// <summary>
/// Bulk import of outlets (乡镇/村/组), all or nothing. Parents are named by id (an existing
/// unit) or by division code (a row of the same file, an existing outlet, or a county center),
/// in any order. A row that matches a registered outlet (same division code, or same parent and
/// name when it has none) with the same data is left as it is, so importing a file twice changes
/// nothing; one that matches with other data is a bad row (use PATCH to change a unit).
/// </summary>
public static class OutletImport
{
    public const int MaxRows = 5000;

    public static ImportPlan Plan(
        IReadOnlyList<ImportRow> rows, IReadOnlyCollection<UnitRef> centers, IReadOnlyCollection<Outlet> outlets,
        Func<Guid> newId, DateTimeOffset now)
    {
        var errors = new Dictionary<string, List<string>>();
        void Error(ImportRow row, string field, string message)
        {
            var key = $"rows[{row.Row}].{field}";
            if (!errors.TryGetValue(key, out var list))
            {
                errors[key] = list = [];
            }

            list.Add(message);
        }

        var units = new Dictionary<Guid, UnitRef>();
        foreach (var c in centers)
        {
            units[c.Id] = c;
        }

        foreach (var o in outlets)
        {
            units[o.Id] = UnitRef.Of(o);
        }

        var outletsByCode = outlets.Where(o => o.DivisionCode is not null).ToDictionary(o => o.DivisionCode!);
        var outletsByParentAndName = outlets.GroupBy(o => (o.ParentId, o.Name)).ToDictionary(g => g.Key, g => g.First());
        var countyCentersByCode = centers.Where(c => c.Level == UnitLevel.County).GroupBy(c => c.DivisionCode!).ToDictionary(g => g.Key, g => g.First());

        // Shape of every row first.
        var drafts = new Dictionary<int, (OutletDraft Draft, Guid? ParentId, string? ParentCode)>();
        var rowsByCode = new Dictionary<string, ImportRow>();
        foreach (var row in rows)
        {
            var fieldErrors = OutletRules.Validate(row.Name, row.Level, row.DivisionCode, row.Address, out var draft);
            foreach (var (field, messages) in fieldErrors)
            {
                foreach (var m in messages)
                {
                    Error(row, field, m);
                }
            }

            Guid? parentId = null;
            var parentCode = string.IsNullOrWhiteSpace(row.ParentDivisionCode) ? null : row.ParentDivisionCode.Trim();
            var hasParentId = !string.IsNullOrWhiteSpace(row.ParentId);
            if (hasParentId)
            {
                if (Guid.TryParse(row.ParentId!.Trim(), out var id))
                {
                    parentId = id;
                }
                else
                {
                    Error(row, "parentId", "The parent id is not a GUID.");
                }
            }

            if (hasParentId == (parentCode is not null))
            {
                Error(row, "parent", "Name the parent by parentId or by parentDivisionCode (one of them).");
            }

            if (draft?.DivisionCode is { } code)
            {
                if (rowsByCode.TryGetValue(code, out var first))
                {
                    Error(row, "divisionCode", $"The division code {code} is already on row {first.Row}.");
                }
                else
                {
                    rowsByCode[code] = row;
                }
            }

            if (draft is not null && !errors.Keys.Any(k => k.StartsWith($"rows[{row.Row}].", StringComparison.Ordinal)))
            {
                drafts[row.Row] = (draft, parentId, parentCode);
            }
        }

        // Then identities and parents, following parents named by division code through the file.
        var resolved = new Dictionary<int, UnitRef?>();
        var visiting = new HashSet<int>();
        var toCreate = new List<Outlet>();
        var outcomes = new List<ImportOutcome>();
        var newByParentAndName = new Dictionary<(Guid, string), int>();
        var existingParents = new HashSet<Guid>();

        UnitRef? Resolve(ImportRow row)
        {
            if (resolved.TryGetValue(row.Row, out var done))
            {
                return done;
            }

            if (!drafts.TryGetValue(row.Row, out var entry))
            {
                return null;
            }

            if (!visiting.Add(row.Row))
            {
                Error(row, "parentDivisionCode", "The parents of this row lead back to it.");
                return resolved[row.Row] = null;
            }

            var (draft, parentId, parentCode) = entry;
            UnitRef? parent = null;
            if (parentId is { } pid)
            {
                parent = units.GetValueOrDefault(pid);
                if (parent is null)
                {
                    Error(row, "parentId", $"The parent unit {pid} does not exist.");
                }
            }
            else if (parentCode is not null)
            {
                if (rowsByCode.TryGetValue(parentCode, out var parentRow))
                {
                    parent = Resolve(parentRow);
                    if (parent is null)
                    {
                        Error(row, "parentDivisionCode", $"The parent (row {parentRow.Row}) is not valid.");
                    }
                }
                else if (outletsByCode.TryGetValue(parentCode, out var parentOutlet))
                {
                    parent = UnitRef.Of(parentOutlet);
                }
                else if (countyCentersByCode.TryGetValue(parentCode, out var center))
                {
                    parent = center;
                }
                else
                {
                    Error(row, "parentDivisionCode", $"No county center or outlet has the division code {parentCode}.");
                }
            }

            UnitRef? result = null;
            if (parent is not null)
            {
                var existing = draft.DivisionCode is { } code
                    ? outletsByCode.GetValueOrDefault(code)
                    : outletsByParentAndName.GetValueOrDefault((parent.Id, draft.Name));
                if (existing is not null)
                {
                    if (existing.Level == draft.Level && existing.ParentId == parent.Id && existing.Name == draft.Name
                        && existing.DivisionCode == draft.DivisionCode && existing.Address == draft.Address)
                    {
                        result = UnitRef.Of(existing);
                        outcomes.Add(new ImportOutcome(row.Row, existing.Id, existing.Name, Created: false));
                    }
                    else
                    {
                        Error(row, "divisionCode", $"The outlet {existing.Id} is already registered here with other data; change it with PATCH.");
                    }
                }
                else if (OutletRules.ParentProblem(draft, parent.Id, parent) is { } problem)
                {
                    Error(row, "parent", problem);
                }
                else if (units.ContainsKey(parent.Id) && outletsByParentAndName.ContainsKey((parent.Id, draft.Name)))
                {
                    Error(row, "name", $"The parent already has an outlet named '{draft.Name}'.");
                }
                else if (newByParentAndName.TryGetValue((parent.Id, draft.Name), out var twin))
                {
                    Error(row, "name", $"Row {twin} already adds an outlet named '{draft.Name}' under the same parent.");
                }
                else
                {
                    var outlet = new Outlet
                    {
                        Id = newId(),
                        Name = draft.Name,
                        Level = draft.Level,
                        ParentId = parent.Id,
                        DivisionCode = draft.DivisionCode,
                        Address = draft.Address,
                        RegisteredAt = now,
                    };
                    newByParentAndName[(parent.Id, draft.Name)] = row.Row;
                    toCreate.Add(outlet);
                    if (units.ContainsKey(parent.Id))
                    {
                        existingParents.Add(parent.Id);
                    }

                    result = UnitRef.Of(outlet);
                    outcomes.Add(new ImportOutcome(row.Row, outlet.Id, outlet.Name, Created: true));
                }
            }

            visiting.Remove(row.Row);
            return resolved[row.Row] = result;
        }

        foreach (var row in rows)
        {
            Resolve(row);
        }

        return new ImportPlan(
            errors.Count == 0 ? toCreate : [],
            errors.Count == 0 ? [.. outcomes.OrderBy(o => o.Row)] : [],
            errors.ToDictionary(e => e.Key, e => e.Value.ToArray()),
            existingParents);
    }
}
