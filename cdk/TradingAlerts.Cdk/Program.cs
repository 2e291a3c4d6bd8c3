using Amazon.CDK;
using TradingAlerts.Cdk;

var app = new App();
new TradingAlertsStack(app, "TradingAlerts", StackSettings.FromContext(app.Node));
app.Synth();
