namespace TradingAlerts.Notifications.Tests;

/// <summary>Bodies as Pushover documents them (shared/reference/api-facts.md, 5), verbatim.</summary>
internal static class PushoverBodies
{
    public const string Success = """{"status":1,"request":"647d2300-702c-4b38-8b2f-d56326ae460b"}""";

    public const string InvalidUser = """{"user":"invalid","errors":["user identifier is invalid"],"status":0,"request":"5042853c-402d-4a18-abcb-168734a801de"}""";

    /// <summary>An emergency-priority (2) message's answer carries a receipt.</summary>
    public const string EmergencyAccepted = """{"status":1,"request":"5f2a4b3c-1d2e-4f5a-8b9c-0d1e2f3a4b5c","receipt":"rLqVuqTRh62UzxtmqiaLzQmVcPgiCy"}""";

    /// <summary>GET /1/receipts/{receipt}.json, acknowledged and expired (the fixture quoted in api-facts.md, 5).</summary>
    public const string ReceiptAcknowledged = """{"status":1,"acknowledged":1,"acknowledged_at":1593975206,"acknowledged_by":"u9s8e7r6k5e4y3u2s1e0r9k8e7y6u5","acknowledged_by_device":"test-device-1","last_delivered_at":1593975186,"expired":1,"expires_at":1593975485,"called_back":1,"called_back_at":1593975206,"request":"r-4"}""";

    /// <summary>Still repeating: nobody has acknowledged yet.</summary>
    public const string ReceiptPending = """{"status":1,"acknowledged":0,"acknowledged_at":0,"acknowledged_by":"","acknowledged_by_device":"","last_delivered_at":1782907260,"expired":0,"expires_at":1782910800,"called_back":0,"called_back_at":0,"request":"r-5"}""";

    public const string ReceiptNotFound = """{"receipt":"not found","errors":["receipt not found; may be invalid or expired"],"status":0,"request":"r-6"}""";
}
