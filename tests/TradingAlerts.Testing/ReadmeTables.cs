using System.Text.RegularExpressions;

namespace TradingAlerts.Testing;

/// <summary>The README's tables as the tests read them: the manual is the contract, so a test can hold the code to it.</summary>
public static partial class ReadmeTables
{
    /// <summary>
    /// The environment variables a table names in its first column (backticked, upper case; a row may name several),
    /// the table being the first one after the heading <paramref name="heading"/> (e.g. <c>## Configuration</c>).
    /// </summary>
    public static IReadOnlySet<string> VariablesUnder(string heading)
    {
        var lines = File.ReadAllLines(ReadmePath());
        var start = Array.FindIndex(lines, l => l.Trim() == heading);
        if (start < 0)
            throw new InvalidOperationException($"the README has no heading '{heading}'");

        var rows = lines.Skip(start + 1).SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')).Skip(2);
        return rows.SelectMany(row => Variable().Matches(row.Split('|')[1]).Select(m => m.Groups[1].Value)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// The cells of each row of the first table after the line that starts with <paramref name="lineStart"/> (e.g.
    /// <c>**Metrics.**</c>), the header and its rule left out.
    /// </summary>
    public static IReadOnlyList<string[]> RowsAfter(string lineStart)
    {
        var lines = File.ReadAllLines(ReadmePath());
        var start = Array.FindIndex(lines, l => l.StartsWith(lineStart, StringComparison.Ordinal));
        if (start < 0)
            throw new InvalidOperationException($"the README has no line starting '{lineStart}'");

        var rows = lines.Skip(start + 1).SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')).Skip(2);
        return [.. rows.Select(row => row.Split('|')[1..^1].Select(cell => cell.Trim()).ToArray())];
    }

    /// <summary>The backticked words of a cell: <c>`Exchange`</c>, <c>`NotChecked`</c>.</summary>
    public static IReadOnlySet<string> Named(string cell) => Backticked().Matches(cell).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    private static string ReadmePath()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var path = Path.Combine(folder.FullName, "README.md");
            if (File.Exists(path) && File.Exists(Path.Combine(folder.FullName, "TradingAlerts.sln")))
                return path;
        }

        throw new InvalidOperationException("README.md not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("`([A-Z][A-Z0-9_]+)`")]
    private static partial Regex Variable();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Backticked();
}
