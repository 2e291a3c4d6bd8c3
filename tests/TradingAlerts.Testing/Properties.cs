using CsCheck;

namespace TradingAlerts.Testing;

/// <summary>
/// Property tests on a fixed seed: every run tries the same inputs (CI never meets a case nobody can replay), and a
/// failure names the input that failed. CsCheck seeds only the first iteration of a sample, so the inputs are drawn
/// as one array from one seed.
/// </summary>
public static class Properties
{
    /// <summary>The seed every property draws its inputs from; another one (from a CsCheck failure, say) tries others.</summary>
    public const string Seed = "5y1LkYe-_ea1";

    /// <summary>Checks <paramref name="assert"/> on <paramref name="count"/> inputs drawn from <paramref name="gen"/>.</summary>
    public static void ForEach<T>(this Gen<T> gen, int count, Action<T> assert)
    {
        ArgumentNullException.ThrowIfNull(gen);
        ArgumentNullException.ThrowIfNull(assert);
        gen.Array[count].Sample(values => Array.ForEach(values, value => Named(value, () => assert(value))), iter: 1, threads: 1, seed: Seed, print: Count);
    }

    /// <summary>As <see cref="ForEach{T}"/>, for an asynchronous check.</summary>
    public static Task ForEachAsync<T>(this Gen<T> gen, int count, Func<T, Task> assert)
    {
        ArgumentNullException.ThrowIfNull(gen);
        ArgumentNullException.ThrowIfNull(assert);
        return gen.Array[count].SampleAsync(
            async values =>
            {
                foreach (var value in values)
                {
                    try
                    {
                        await assert(value);
                    }
                    catch (Exception e)
                    {
                        throw new PropertyFailedException(Check.Print(value), e);
                    }
                }
            },
            iter: 1,
            threads: 1,
            seed: Seed,
            print: Count);
    }

    private static void Named<T>(T value, Action assert)
    {
        try
        {
            assert();
        }
        catch (Exception e)
        {
            throw new PropertyFailedException(Check.Print(value), e);
        }
    }

    private static string Count<T>(T[] values) => $"{values.Length} inputs from seed {Seed}";
}

/// <summary>A property failed for this input.</summary>
public sealed class PropertyFailedException(string input, Exception inner) : Exception($"failed for {input}: {inner.Message}", inner);
