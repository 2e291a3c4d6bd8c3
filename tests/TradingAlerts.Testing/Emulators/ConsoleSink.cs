using Xunit.Abstractions;
using Xunit.Sdk;

namespace TradingAlerts.Testing.Emulators;

/// <summary>The emulator fixtures' diagnostics (their startup time) on stderr, for the benches that start them outside a test run.</summary>
public sealed class ConsoleSink : Xunit.LongLivedMarshalByRefObject, IMessageSink
{
    public bool OnMessage(IMessageSinkMessage message)
    {
        if (message is DiagnosticMessage diagnostic)
            Console.Error.WriteLine(diagnostic.Message);
        return true;
    }
}
