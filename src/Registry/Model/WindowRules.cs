using StarPlatform.Http;

namespace StarPlatform.Registry.Model;

/// <summary>A window as submitted, after its shape has been checked.</summary>
public sealed record WindowDraft(string Department, string Name, int ApprovalItemCount);

/// <summary>A checked partial update of a window; null means unchanged.</summary>
public sealed record WindowPatch(string? Department, string? Name, int? ApprovalItemCount, UnitStatus? Status);

/// <summary>The registry's rules for windows.</summary>
public static class WindowRules
{
    /// <summary>More than any department delegates to one window; a guard against typing errors.</summary>
    public const int MaxApprovalItems = 10_000;

    public static FieldErrors Validate(
        string? department, string? name, int? approvalItemCount, out WindowDraft? draft)
    {
        var errors = new FieldErrors();
        draft = null;
        if (UnitRules.NameError(department, out var dept, "A department") is { } departmentError)
        {
            errors.Add("department", departmentError);
        }

        if (UnitRules.NameError(name, out var trimmedName) is { } nameError)
        {
            errors.Add("name", nameError);
        }

        if (approvalItemCount is < 0 or > MaxApprovalItems)
        {
            errors.Add("approvalItemCount", $"The count of authorised approval items is between 0 and {MaxApprovalItems}.");
        }

        if (errors.Count == 0)
        {
            draft = new WindowDraft(dept, trimmedName, approvalItemCount ?? 0);
        }

        return errors;
    }

    /// <summary>A window opens in an active center (422 otherwise).</summary>
    public static string? CenterProblem(Guid centerId, Center? center) =>
        center is null ? $"The center {centerId} does not exist."
        : center.Status != UnitStatus.Active ? "Windows open only in an active center."
        : null;

    public static FieldErrors ValidatePatch(
        string? department, string? name, int? approvalItemCount, string? status, out WindowPatch? patch)
    {
        var errors = new FieldErrors();
        patch = null;
        if (department is not null && UnitRules.NameError(department, out _, "A department") is { } departmentError)
        {
            errors.Add("department", departmentError);
        }

        if (name is not null && UnitRules.NameError(name, out _) is { } nameError)
        {
            errors.Add("name", nameError);
        }

        if (approvalItemCount is < 0 or > MaxApprovalItems)
        {
            errors.Add("approvalItemCount", $"The count of authorised approval items is between 0 and {MaxApprovalItems}.");
        }

        UnitStatus? parsedStatus = null;
        if (status is not null)
        {
            if (UnitRules.TryParseStatus(status, out var s))
            {
                parsedStatus = s;
            }
            else
            {
                errors.Add("status", "The status is 'active', 'suspended' or 'closed'.");
            }
        }

        if (errors.Count == 0)
        {
            patch = new WindowPatch(department?.Trim(), name?.Trim(), approvalItemCount, parsedStatus);
        }

        return errors;
    }

    public static List<string> Apply(Window window, WindowPatch patch)
    {
        var changed = new List<string>();
        if (patch.Department is not null && patch.Department != window.Department)
        {
            window.Department = patch.Department;
            changed.Add("department");
        }

        if (patch.Name is not null && patch.Name != window.Name)
        {
            window.Name = patch.Name;
            changed.Add("name");
        }

        if (patch.ApprovalItemCount is { } count && count != window.ApprovalItemCount)
        {
            window.ApprovalItemCount = count;
            changed.Add("approvalItemCount");
        }

        if (patch.Status is { } status && status != window.Status)
        {
            window.Status = status;
            changed.Add("status");
        }

        return changed;
    }
}
