using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace TradingAlerts.Functions;

/// <summary>Reading events from and writing responses to the runtime's streams.</summary>
internal static class LambdaJson
{
    public static async Task<T> ReadAsync<T>(Stream input, JsonTypeInfo<T> type, string what)
    {
        ArgumentNullException.ThrowIfNull(input);
        try
        {
            return await JsonSerializer.DeserializeAsync(input, type) ?? throw new FormatException($"the {what} is JSON null");
        }
        catch (JsonException e)
        {
            throw new FormatException($"the input is not a {what}: {e.Message}", e);
        }
    }

    /// <summary>The scheduled time, which names the cycle: a retried invocation of the same event is the same cycle.</summary>
    public static async Task<(string CycleId, DateTimeOffset Time)> ReadScheduleAsync(Stream input)
    {
        var scheduled = await ReadAsync(input, LambdaJsonContext.Default.ScheduledEvent, "scheduled event");
        var time = scheduled.Time ?? throw new FormatException("the scheduled event has no time");
        return (CycleIdAt(time), time);
    }

    /// <summary>The id of the cycle scheduled at <paramref name="time"/>: that time to the second, in UTC.</summary>
    public static string CycleIdAt(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static Stream Write<T>(T value, JsonTypeInfo<T> type) => new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(value, type), writable: false);
}
