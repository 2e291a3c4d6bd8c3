using TradingAlerts.Testing.Emulators;

namespace TradingAlerts.Aws.Tests;

/// <summary>One DynamoDB Local for the test classes of this assembly (xunit reads collection definitions from the test assembly only).</summary>
[CollectionDefinition(DynamoDbLocal.Collection)]
public sealed class DynamoDbLocalCollection : ICollectionFixture<DynamoDbLocal>;
