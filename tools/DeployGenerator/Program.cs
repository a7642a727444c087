using StarPlatform.Deploy;

// DeployGenerator <aspire-manifest.json> <output folder>: writes the Kustomize base (deploy/base),
// replacing the YAML files there. deploy/generate.sh runs the AppHost's manifest publisher first.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: DeployGenerator <aspire-manifest.json> <output folder>");
    return 2;
}

var files = KustomizeBase.Generate(await File.ReadAllTextAsync(args[0]));
var output = Directory.CreateDirectory(args[1]);
foreach (var stale in output.GetFiles("*.yaml").Where(f => !files.ContainsKey(f.Name)))
{
    stale.Delete();
}

foreach (var (name, text) in files)
{
    await File.WriteAllTextAsync(Path.Combine(output.FullName, name), text);
}

Console.WriteLine($"{files.Count} files written to {output.FullName}");
return 0;
