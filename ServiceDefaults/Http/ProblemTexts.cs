using System.Collections;
using System.Globalization;
using System.Reflection;
using System.Resources;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace StarPlatform.Http;

/// <summary>
/// Problem titles, details and field messages in the caller's language. The code words each message in English
/// (the key, as ASP.NET's string localizers do); <c>Resources/ProblemTexts.zh-CN.resx</c> of ServiceDefaults and of
/// the service hold the Chinese for each. A key with <c>{0}</c>, <c>{1}</c> … is a template: the message the code
/// built from it is recognised, and its values (a number, a date, a unit's name, or a word the catalog knows, such
/// as <c>case</c>) are put into the Chinese in the order the Chinese names them. Applied once, where every problem
/// is written (<see cref="Localize"/>), so a handler never thinks about languages.
/// </summary>
public sealed partial class ProblemTexts
{
    private const string ResourceName = "ProblemTexts.zh-CN.resources";

    private readonly Dictionary<string, string> _exact = new(StringComparer.Ordinal);
    private readonly List<Template> _templates = [];

    /// <summary>The catalogs of <paramref name="assemblies"/> (each its zh-CN satellite's <c>ProblemTexts</c>); a later one wins a key.</summary>
    public static ProblemTexts Load(params IEnumerable<Assembly> assemblies)
    {
        var texts = new ProblemTexts();
        foreach (var assembly in assemblies.Distinct())
        {
            foreach (var (key, value) in Read(assembly))
            {
                texts.Add(key, value);
            }
        }

        texts._templates.Sort((a, b) => b.LiteralLength.CompareTo(a.LiteralLength));
        return texts;
    }

    /// <summary>The entries of <paramref name="assembly"/>'s Chinese catalog; none when it has no catalog.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Read(Assembly assembly)
    {
        Assembly satellite;
        try
        {
            satellite = assembly.GetSatelliteAssembly(ProblemLanguage.Chinese);
        }
        catch (FileNotFoundException)
        {
            yield break;
        }

        foreach (var name in satellite.GetManifestResourceNames().Where(n => n.EndsWith(ResourceName, StringComparison.Ordinal)))
        {
            using var stream = satellite.GetManifestResourceStream(name)!;
            using var reader = new ResourceReader(stream);
            foreach (DictionaryEntry entry in reader)
            {
                yield return new((string)entry.Key, (string)entry.Value!);
            }
        }
    }

    /// <summary>How many messages the catalog knows.</summary>
    public int Count => _exact.Count;

    private void Add(string english, string chinese)
    {
        _exact[english] = chinese;
        if (Placeholder().IsMatch(english))
        {
            _templates.RemoveAll(t => t.English == english);
            _templates.Add(Template.Of(english, chinese));
        }
    }

    /// <summary><paramref name="message"/> in <paramref name="language"/>: as written for English, from the catalog for Chinese (as written when it has none).</summary>
    public string Translate(string message, CultureInfo language) =>
        Equals(language, ProblemLanguage.English) ? message : ToChinese(message, depth: 0);

    private string ToChinese(string message, int depth)
    {
        if (_exact.TryGetValue(message, out var chinese))
        {
            return chinese;
        }

        if (depth > 2)
        {
            return message;
        }

        foreach (var template in _templates)
        {
            if (template.Pattern.Match(message) is { Success: true } match)
            {
                var values = template.Slots.Select(slot => (object)ToChinese(match.Groups[slot].Value, depth + 1)).ToArray();
                return string.Format(CultureInfo.InvariantCulture, template.Chinese, values);
            }
        }

        return message;
    }

    /// <summary>
    /// Puts <paramref name="problem"/> into the language <paramref name="http"/>'s request asks for: title, detail and
    /// every field message; the answer says which (<c>Content-Language</c>) and that it depends on <c>Accept-Language</c>.
    /// </summary>
    public void Localize(HttpContext http, ProblemDetails problem)
    {
        var language = ProblemLanguage.Of(http.Request);
        if (!http.Response.HasStarted)
        {
            http.Response.Headers.ContentLanguage = language.Name;
            http.Response.Headers.Append("Vary", "Accept-Language");
        }

        problem.Title = problem.Title is { } title ? Translate(title, language) : null;
        problem.Detail = problem.Detail is { } detail ? Translate(detail, language) : null;
        // A publish's list of what stops it (422), and OAuth's error_description, are messages too.
        foreach (var key in problem.Extensions.Keys.ToList())
        {
            problem.Extensions[key] = (key, problem.Extensions[key]) switch
            {
                ("problems", IEnumerable<string> messages) => messages.Select(m => Translate(m, language)).ToList(),
                ("error_description", string message) => Translate(message, language),
                (_, var value) => value,
            };
        }

        if (problem is HttpValidationProblemDetails validation)
        {
            foreach (var field in validation.Errors.Keys.ToList())
            {
                validation.Errors[field] = [.. validation.Errors[field].Select(m => Translate(m, language))];
            }
        }
    }

    [GeneratedRegex(@"\{(\d+)(:[^}]*)?\}")]
    private static partial Regex Placeholder();

    /// <summary>A key with placeholders: the pattern that recognises its messages, and which group fills each of the Chinese's <c>{n}</c>.</summary>
    private sealed record Template(string English, string Chinese, Regex Pattern, string[] Slots, int LiteralLength)
    {
        public static Template Of(string english, string chinese)
        {
            var pattern = new System.Text.StringBuilder("^");
            var literal = 0;
            var at = 0;
            var named = new HashSet<string>();
            foreach (Match placeholder in Placeholder().Matches(english))
            {
                var text = english[at..placeholder.Index];
                literal += text.Length;
                pattern.Append(Regex.Escape(text));
                var slot = "v" + placeholder.Groups[1].Value;
                pattern.Append(named.Add(slot) ? $"(?<{slot}>.+?)" : $"\\k<{slot}>");
                at = placeholder.Index + placeholder.Length;
            }

            literal += english.Length - at;
            pattern.Append(Regex.Escape(english[at..])).Append('$');
            // The Chinese names its values as {0}, {1} …, the English's numbers; formats stay with the English.
            var slots = Enumerable.Range(0, named.Count).Select(n => "v" + n).ToArray();
            var plainChinese = Placeholder().Replace(chinese, m => "{" + m.Groups[1].Value + "}");
            return new Template(english, plainChinese, new Regex(pattern.ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant), slots, literal);
        }
    }
}
