namespace TradingAlerts.Cli;

/// <summary>The CLI's exit codes, a contract for operators' scripts (documented in the README).</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>An unexpected error (a bug, or the store could not be opened).</summary>
    public const int Failure = 1;

    /// <summary>Bad command line or an invalid value: nothing was written.</summary>
    public const int InvalidInput = 2;

    /// <summary>A missing or malformed environment variable.</summary>
    public const int Configuration = 3;

    /// <summary>No alert with that id.</summary>
    public const int NotFound = 4;

    /// <summary>The command ran, but part of the work failed outside our control: an exchange did not answer, some alerts could not be checked or notified, or some import rows were invalid.</summary>
    public const int Partial = 5;
}
