namespace TradingAlerts.Simulation.Processes;

/// <summary>What a dead process's every further step meets: nothing it does after its death has any effect.</summary>
public sealed class ProcessDiedException(string process) : Exception($"{process} is dead");

/// <summary>Where a firing's process may die.</summary>
public enum CrashStep
{
    None,
    BeforeClaim,
    AfterClaim,

    /// <summary>After the channel accepted the message, before the delivery is recorded: the one window for a repeat.</summary>
    AfterSend,
}
