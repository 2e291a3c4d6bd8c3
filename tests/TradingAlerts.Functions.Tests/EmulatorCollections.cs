using TradingAlerts.Testing.Emulators;

namespace TradingAlerts.Functions.Tests;

/// <summary>The SQS tests: one fauxqs for the collection (xunit reads collection definitions from the test assembly only).</summary>
[CollectionDefinition(Name)]
public sealed class FauxqsCollection : ICollectionFixture<FauxqsFixture>
{
    public const string Name = "fauxqs";
}

/// <summary>
/// The pipeline on both emulators: DynamoDB Local and its own fauxqs, so it runs in parallel with the SQS-only collection.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PipelineEmulatorsCollection : ICollectionFixture<DynamoDbLocal>, ICollectionFixture<FauxqsFixture>
{
    public const string Name = "pipeline on emulators";
}
