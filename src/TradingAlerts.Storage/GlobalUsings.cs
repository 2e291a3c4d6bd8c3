// Every part of the SQLite store speaks in commands and rows, the model's types and the column helpers.
global using Microsoft.Data.Sqlite;
global using TradingAlerts.Core.Signals;
global using static TradingAlerts.Storage.SqliteValues;
