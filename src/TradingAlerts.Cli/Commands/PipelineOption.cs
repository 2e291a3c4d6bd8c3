using System.CommandLine;

namespace TradingAlerts.Cli.Commands;

/// <summary><c>--pipeline local|sqs</c>: cycles through the in-process queue, or through SQS as in the cloud.</summary>
internal static class PipelineOption
{
    public static Option<string> Create()
    {
        var option = new Option<string>("--pipeline")
        {
            Description = "local (in-process queue) or sqs (Reader → SQS → Worker through TRADINGALERTS_QUEUE_URL or TRADINGALERTS_QUEUE, as in the cloud)",
            DefaultValueFactory = _ => "local",
        };
        option.AcceptOnlyFromAmong("local", "sqs");
        return option;
    }

    public static bool IsSqs(ParseResult parse, Option<string> option) => parse.GetValue(option) == "sqs";
}
