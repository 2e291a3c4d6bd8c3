namespace TradingAlerts.Core.Signals;

/// <summary>A rule that an input broke, named by the data model's field name.</summary>
public sealed record ValidationError(string Field, string Message)
{
    public override string ToString() => $"{Field}: {Message}";
}

public sealed class SignalValidationException(IReadOnlyList<ValidationError> errors)
    : Exception(string.Join("; ", errors))
{
    public IReadOnlyList<ValidationError> Errors { get; } = errors;
}
