// Every part of the DynamoDB store speaks in items (the SDK's model), the model's types, the item helpers and the table's names.
global using Amazon.DynamoDBv2.Model;
global using TradingAlerts.Core.Signals;
global using static TradingAlerts.Aws.DynamoItems;
global using static TradingAlerts.Aws.SignalTable;
