namespace TradingAlerts.Notifications.Tests;

/// <summary>Bodies as Pushover documents them (shared/reference/api-facts.md, 5), verbatim.</summary>
internal static class PushoverBodies
{
    public const string Success = """{"status":1,"request":"647d2300-702c-4b38-8b2f-d56326ae460b"}""";

    public const string InvalidUser = """{"user":"invalid","errors":["user identifier is invalid"],"status":0,"request":"5042853c-402d-4a18-abcb-168734a801de"}""";
}
