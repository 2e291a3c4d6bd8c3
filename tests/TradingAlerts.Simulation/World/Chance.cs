using System.Text;

namespace TradingAlerts.Simulation.World;

/// <summary>
/// Decisions taken during a run (does this request fail, does this firing's process die) as a pure function of the seed
/// and what is being decided about, not of how many decisions came before: a change to the product that sends one more
/// request does not reshuffle every fault after it.
/// </summary>
public static class Chance
{
    /// <summary>A number in [0, 1) fixed by <paramref name="seed"/> and <paramref name="key"/>.</summary>
    public static double Of(int seed, string key)
    {
        // FNV-1a 64, then a finalizer so that close keys land far apart.
        var hash = 14695981039346656037UL ^ (ulong)(uint)seed;
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }

        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccdUL;
        hash ^= hash >> 33;
        return (hash >> 11) * (1.0 / (1UL << 53));
    }
}
