namespace TradingAlerts.Core.Configuration;

/// <summary>How <c>config</c> shows a variable's value: as set, masked (a personal key), or only whether it is set (a secret).</summary>
public enum Shown
{
    Plain,
    Masked,
    Secret,
}

/// <summary>
/// One environment variable of the configuration contract, declared once: its name, its default, how its value is
/// read, how it may be shown, and one line of documentation. The hosts read their settings through these, and
/// <c>config</c> and the README's configuration table list them.
/// </summary>
public abstract class Variable(string name, string meaning)
{
    public string Name { get; } = name;

    /// <summary>One line: what the variable is for.</summary>
    public string Meaning { get; } = meaning;

    /// <summary>The value in force when the variable is unset, as it would be written; null when there is none.</summary>
    public string? Default { get; init; }

    /// <summary>What an unset variable without a default means, for <c>config</c> ("notifications are printed to the console").</summary>
    public string? WhenUnset { get; init; }

    public Shown Shown { get; init; } = Shown.Plain;

    /// <summary>The variable's text when it is set (trimmed; blank counts as unset).</summary>
    public string? Text(IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return environment.TryGetValue(Name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
    }

    /// <summary>What <c>config</c> shows: the value (masked, or only "(set)", for keys and secrets), the default, or what unset means.</summary>
    public string Show(IReadOnlyDictionary<string, string> environment) => Text(environment) switch
    {
        not null when Shown == Shown.Secret => "(set)",
        { } value when Shown == Shown.Masked => SettingValues.Mask(value),
        { } value => value,
        null when Default is not null => Default,
        null when WhenUnset is not null => $"(not set: {WhenUnset})",
        null => "(not set)",
    };
}

/// <summary>A variable whose value is read by <c>parse</c>, which names the variable when the value is wrong (and never repeats a secret).</summary>
public sealed class Variable<T>(string name, string meaning, Func<string, string, T> parse) : Variable(name, meaning)
{
    /// <summary>The value set, else the default, else <c>default(T)</c>; a malformed value throws <see cref="ConfigurationException"/>.</summary>
    public T? Read(IReadOnlyDictionary<string, string> environment) =>
        Text(environment) is { } text ? parse(Name, text)
        : Default is { } fallback ? parse(Name, fallback)
        : default;

    /// <summary>The value of a variable that always has one (a default): never null.</summary>
    public T Require(IReadOnlyDictionary<string, string> environment) =>
        Read(environment) ?? throw new ConfigurationException($"{Name} must be set");
}
