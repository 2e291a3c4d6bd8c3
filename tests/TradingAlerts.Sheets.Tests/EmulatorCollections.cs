using TradingAlerts.Testing.Emulators;

namespace TradingAlerts.Sheets.Tests;

/// <summary>One DynamoDB Local for this assembly's test classes (xunit reads collection definitions from the test assembly only).</summary>
[CollectionDefinition(DynamoDbLocal.Collection)]
public sealed class DynamoDbLocalCollection : ICollectionFixture<DynamoDbLocal>;
