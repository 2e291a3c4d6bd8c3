using System.Text.Json;
using Amazon.CDK.Assertions;
using TradingAlerts.Aws;
using TradingAlerts.Core.Notifications;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Signals;

namespace TradingAlerts.Cdk.Tests;

[Collection(StacksCollection.Name)]
public sealed class TemplateTests(StackFixture stacks)
{
    private static Dictionary<string, JsonElement> Resources(Template template, string type) =>
        JsonDocument.Parse(JsonSerializer.Serialize(template.FindResources(type))).RootElement
            .EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());

    private static JsonElement Root(Template template) => JsonDocument.Parse(JsonSerializer.Serialize(template.ToJSON())).RootElement;

    private static IEnumerable<(string Role, JsonElement Statement)> Statements(Template template) =>
        Resources(template, "AWS::IAM::Policy").Values.SelectMany(policy =>
            policy.GetProperty("Properties").GetProperty("PolicyDocument").GetProperty("Statement").EnumerateArray()
                .Select(s => (policy.GetProperty("Properties").GetProperty("Roles")[0].GetProperty("Ref").GetString()!, s)));

    private static string[] Actions(JsonElement statement) =>
        statement.GetProperty("Action").ValueKind == JsonValueKind.Array
            ? statement.GetProperty("Action").EnumerateArray().Select(a => a.GetString()!).ToArray()
            : [statement.GetProperty("Action").GetString()!];

    private static string[] ActionsOf(Template template, string functionId) =>
        StatementsOf(template, functionId).SelectMany(Actions).ToArray();

    private static IEnumerable<JsonElement> StatementsOf(Template template, string functionId) =>
        Statements(template).Where(s => s.Role.StartsWith(functionId + "ServiceRole", StringComparison.Ordinal)).Select(s => s.Statement);

    /// <summary>The key patterns of a statement's <c>dynamodb:LeadingKeys</c> condition under <paramref name="operator"/>.</summary>
    private static string[] LeadingKeys(JsonElement statement, string @operator) =>
        statement.GetProperty("Condition").GetProperty(@operator).GetProperty("dynamodb:LeadingKeys").EnumerateArray().Select(k => k.GetString()!).ToArray();

    /// <summary>The key patterns of the function's one PutItem-only statement with a condition under <paramref name="operator"/>.</summary>
    private static string[] Put(Template template, string functionId, string @operator)
    {
        var put = StatementsOf(template, functionId).Single(s => Actions(s).SequenceEqual(["dynamodb:PutItem"]) && s.GetProperty("Condition").TryGetProperty(@operator, out _));
        return LeadingKeys(put, @operator);
    }

    /// <summary>The indexes the function may query: the names its Query statements' resources end in.</summary>
    private static string[] QueriedIndexes(Template template, string functionId) =>
        StatementsOf(template, functionId).Where(s => Actions(s).Contains("dynamodb:Query"))
            .SelectMany(s => System.Text.RegularExpressions.Regex.Matches(JsonSerializer.Serialize(s.GetProperty("Resource")), "/index/([^\"]+)\"").Select(m => m.Groups[1].Value))
            .ToArray();

    /// <summary>
    /// Each Deny statement of the template's policies of <paramref name="policyType"/> that refuses requests without TLS
    /// to everyone: the logical id of the resource it protects, and its action.
    /// </summary>
    private static IEnumerable<(string Target, string Action)> TlsDenials(Template template, string policyType, string targets) =>
        Resources(template, policyType).Values.Select(p => p.GetProperty("Properties")).SelectMany(properties =>
        {
            var target = ResourceId(properties.GetProperty(targets).EnumerateArray().Single())!;
            return properties.GetProperty("PolicyDocument").GetProperty("Statement").EnumerateArray()
                .Where(s => s.GetProperty("Effect").GetString() == "Deny"
                    && s.TryGetProperty("Condition", out var condition) && condition.TryGetProperty("Bool", out var test)
                    && test.TryGetProperty("aws:SecureTransport", out var secure) && secure.GetString() == "false"
                    && JsonSerializer.Serialize(s.GetProperty("Principal")) is "\"*\"" or "{\"AWS\":\"*\"}"
                    && ResourceId(s.GetProperty("Resource")) == target)
                .Select(s => (target, Actions(s).Single()));
        });

    private static bool Has(JsonElement element, string property) => element.TryGetProperty(property, out _);

    /// <summary>The logical id a Ref or Fn::GetAtt names.</summary>
    private static string? ResourceId(JsonElement reference) =>
        reference.TryGetProperty("Ref", out var id) ? id.GetString() : reference.TryGetProperty("Fn::GetAtt", out var att) ? att[0].GetString() : null;

    [Fact]
    public void FanOut_ResourceCounts()
    {
        stacks.FanOut.ResourceCountIs("AWS::DynamoDB::Table", 1);
        stacks.FanOut.ResourceCountIs("AWS::SQS::Queue", 2);
        stacks.FanOut.ResourceCountIs("AWS::Lambda::Function", 4);
        stacks.FanOut.ResourceCountIs("AWS::Lambda::EventSourceMapping", 1);
        stacks.FanOut.ResourceCountIs("AWS::Events::Rule", 2);
        stacks.FanOut.ResourceCountIs("AWS::SecretsManager::Secret", 1);
        stacks.FanOut.ResourceCountIs("AWS::SNS::Topic", 1);
        stacks.FanOut.ResourceCountIs("AWS::SNS::Subscription", 1);
        stacks.FanOut.ResourceCountIs("AWS::CloudWatch::Alarm", 14);
        stacks.FanOut.ResourceCountIs("AWS::CloudWatch::Dashboard", 1);
        stacks.FanOut.ResourceCountIs("AWS::Logs::LogGroup", 4);
    }

    [Fact]
    public void Monolithic_OneScheduledFunctionNoQueue()
    {
        stacks.Monolithic.ResourceCountIs("AWS::SQS::Queue", 0);
        stacks.Monolithic.ResourceCountIs("AWS::Lambda::EventSourceMapping", 0);
        stacks.Monolithic.ResourceCountIs("AWS::Lambda::Function", 1);
        stacks.Monolithic.HasResourceProperties("AWS::Lambda::Function", Match.ObjectLike(new Dictionary<string, object>
        {
            ["Handler"] = "TradingAlerts.Functions::TradingAlerts.Functions.MonolithFunction::HandleAsync",
        }));
        stacks.Monolithic.HasResourceProperties("AWS::Events::Rule", Match.ObjectLike(new Dictionary<string, object> { ["ScheduleExpression"] = "rate(1 minute)" }));
        stacks.Monolithic.ResourceCountIs("AWS::CloudWatch::Alarm", 9);
        stacks.Monolithic.ResourceCountIs("AWS::CloudWatch::Dashboard", 1);
    }

    [Fact]
    public void Functions_Dotnet10Arm64JsonLogsWithRetention()
    {
        var functions = Resources(stacks.FanOut, "AWS::Lambda::Function").Values.Select(f => f.GetProperty("Properties")).ToList();

        functions.Should().OnlyContain(f => f.GetProperty("Runtime").GetString() == "dotnet10");
        functions.Should().OnlyContain(f => f.GetProperty("Architectures")[0].GetString() == "arm64");
        functions.Should().OnlyContain(f => f.GetProperty("LoggingConfig").GetProperty("LogFormat").GetString() == "JSON");
        functions.Select(f => f.GetProperty("Handler").GetString()).Should().BeEquivalentTo(
            "TradingAlerts.Functions::TradingAlerts.Functions.ReaderFunction::HandleAsync",
            "TradingAlerts.Functions::TradingAlerts.Functions.WorkerFunction::HandleAsync",
            "TradingAlerts.Functions::TradingAlerts.Functions.WatchFunction::HandleAsync",
            "TradingAlerts.Functions::TradingAlerts.Functions.SheetsSyncFunction::HandleAsync");
        Resources(stacks.FanOut, "AWS::Logs::LogGroup").Values.Should().OnlyContain(g => g.GetProperty("Properties").GetProperty("RetentionInDays").GetInt32() == 30);
    }

    [Fact]
    public void HandlerStrings_NameAPublicStreamHandlerInTheFunctionsAssembly()
    {
        var handlers = new[] { stacks.FanOut, stacks.Monolithic }
            .SelectMany(t => Resources(t, "AWS::Lambda::Function").Values)
            .Select(f => f.GetProperty("Properties").GetProperty("Handler").GetString()!)
            .ToList();

        handlers.Should().HaveCount(5);
        foreach (var handler in handlers)
        {
            var parts = handler.Split("::");
            parts.Should().HaveCount(3, handler);
            var assembly = System.Reflection.Assembly.Load(parts[0]);
            var type = assembly.GetType(parts[1]);
            type.Should().NotBeNull($"{handler} names a type of {parts[0]}");
            type!.IsPublic.Should().BeTrue();
            type.GetConstructor(Type.EmptyTypes).Should().NotBeNull("the runtime creates the handler with a public parameterless constructor");
            var methods = type.GetMethods().Where(m => m.Name == parts[2]).ToList();
            methods.Should().ContainSingle("an overloaded handler method fails to load").Which.Should().Match<System.Reflection.MethodInfo>(m =>
                m.ReturnType == typeof(Task<Stream>) && m.GetParameters().Length == 1 && m.GetParameters()[0].ParameterType == typeof(Stream));
        }
    }

    [Fact]
    public void Worker_ReportsBatchItemFailuresWithBoundedConcurrency()
    {
        stacks.FanOut.HasResourceProperties("AWS::Lambda::EventSourceMapping", Match.ObjectLike(new Dictionary<string, object>
        {
            ["FunctionResponseTypes"] = new[] { "ReportBatchItemFailures" },
            ["BatchSize"] = 10,
            ["ScalingConfig"] = new Dictionary<string, object> { ["MaximumConcurrency"] = 5 },
        }));
    }

    [Fact]
    public void Queue_EncryptedSizedWithDeadLettersAndSixTimesTheWorkerTimeout()
    {
        var queues = Resources(stacks.FanOut, "AWS::SQS::Queue").Values.Select(q => q.GetProperty("Properties")).ToList();
        var batches = queues.Single(q => q.TryGetProperty("RedrivePolicy", out _));
        var worker = Resources(stacks.FanOut, "AWS::Lambda::Function").Values.Select(f => f.GetProperty("Properties"))
            .Single(f => f.GetProperty("Handler").GetString()!.Contains("WorkerFunction", StringComparison.Ordinal));

        queues.Should().OnlyContain(q => q.GetProperty("SqsManagedSseEnabled").GetBoolean());
        batches.GetProperty("MaximumMessageSize").GetInt32().Should().Be(262_144);
        batches.GetProperty("RedrivePolicy").GetProperty("maxReceiveCount").GetInt32().Should().Be(5);
        batches.GetProperty("VisibilityTimeout").GetInt32().Should().BeGreaterThanOrEqualTo(6 * worker.GetProperty("Timeout").GetInt32());
    }

    [Fact]
    public void Table_OnDemandWithPointInTimeRecoveryAndRetained()
    {
        var table = Resources(stacks.FanOut, "AWS::DynamoDB::Table").Values.Single();

        table.GetProperty("DeletionPolicy").GetString().Should().Be("Retain");
        var properties = table.GetProperty("Properties");
        properties.GetProperty("TableName").GetString().Should().Be("trading-alerts");
        properties.GetProperty("BillingMode").GetString().Should().Be("PAY_PER_REQUEST");
        properties.GetProperty("PointInTimeRecoverySpecification").GetProperty("PointInTimeRecoveryEnabled").GetBoolean().Should().BeTrue();
        properties.GetProperty("KeySchema")[0].GetProperty("AttributeName").GetString().Should().Be("id");
        properties.GetProperty("TimeToLiveSpecification").GetProperty("AttributeName").GetString().Should().Be(TradingAlerts.Aws.SignalTable.Attr.ForgetAt, "the batch outcomes are forgotten by the attribute the store writes");
        properties.GetProperty("TimeToLiveSpecification").GetProperty("Enabled").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public void Table_HasTheIndexesTheStoreCreates()
    {
        var indexes = Resources(stacks.FanOut, "AWS::DynamoDB::Table").Values.Single().GetProperty("Properties").GetProperty("GlobalSecondaryIndexes")
            .EnumerateArray().ToDictionary(
                i => i.GetProperty("IndexName").GetString()!,
                i => string.Join(",", i.GetProperty("KeySchema").EnumerateArray().Select(k => $"{k.GetProperty("AttributeName").GetString()}:{k.GetProperty("KeyType").GetString()}")));
        var expected = TradingAlerts.Aws.SignalTable.Definition("trading-alerts").GlobalSecondaryIndexes.ToDictionary(
            i => i.IndexName,
            i => string.Join(",", i.KeySchema.Select(k => $"{k.AttributeName}:{k.KeyType.Value}")));

        indexes.Should().BeEquivalentTo(expected);
    }

    [Fact]
    public void Reader_QueriesOnlyTheArmedIndex()
    {
        var reader = Statements(stacks.FanOut).Where(s => s.Role.StartsWith("ReaderServiceRole", StringComparison.Ordinal) && Actions(s.Statement).Contains("dynamodb:Query")).Single();
        JsonSerializer.Serialize(reader.Statement.GetProperty("Resource")).Should().Contain("/index/armed").And.NotContain("/index/*");
    }

    [Fact]
    public void Reader_GetsOnlyTheExchangesCoverageItems()
    {
        var get = Statements(stacks.FanOut).Single(s => s.Role.StartsWith("ReaderServiceRole", StringComparison.Ordinal) && Actions(s.Statement).Contains("dynamodb:GetItem"));

        Actions(get.Statement).Should().Equal("dynamodb:GetItem");
        get.Statement.GetProperty("Condition").GetProperty("ForAllValues:StringLike").GetProperty("dynamodb:LeadingKeys")
            .EnumerateArray().Select(k => k.GetString()).Should().Equal("coverage#*");
    }

    [Fact]
    public void Reader_BatchGetsOnlyTheMarketsItems()
    {
        var get = Statements(stacks.FanOut).Single(s => s.Role.StartsWith("ReaderServiceRole", StringComparison.Ordinal) && Actions(s.Statement).Contains("dynamodb:BatchGetItem"));

        Actions(get.Statement).Should().Equal("dynamodb:BatchGetItem");
        LeadingKeys(get.Statement, "ForAllValues:StringLike").Should().Equal("markets#*");
    }

    [Fact]
    public void Functions_ThatSendAreToldTheirOwnTimeout_TheWorkersLeavesTimeForItsLastSend()
    {
        var functions = OurFunctions().ToList();

        var told = functions.Where(f => f.GetProperty("Environment").GetProperty("Variables").TryGetProperty("TRADINGALERTS_FUNCTION_TIMEOUT", out _)).ToList();
        told.Select(f => f.GetProperty("Handler").GetString()).Should().BeEquivalentTo(TradingAlertsStack.HandlerFor("WorkerFunction"), TradingAlertsStack.HandlerFor("MonolithFunction"));
        told.Should().OnlyContain(f =>
            f.GetProperty("Environment").GetProperty("Variables").GetProperty("TRADINGALERTS_FUNCTION_TIMEOUT").GetString() == f.GetProperty("Timeout").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));
        told.Should().OnlyContain(f => f.GetProperty("Timeout").GetInt32() > TradingAlerts.Core.Pipeline.WorkDeadline.Reserve.TotalSeconds + 60);
    }

    [Fact]
    public void Functions_EachOnesEnvironment_IsOneItsSettingsAccept()
    {
        // A value the template leaves to CloudFormation (a Ref, a GetAtt) is a name or URL at deploy time.
        foreach (var function in OurFunctions())
        {
            var environment = function.GetProperty("Environment").GetProperty("Variables").EnumerateObject()
                .ToDictionary(v => v.Name, v => v.Value.ValueKind == JsonValueKind.String ? v.Value.GetString()! : "https://resolved-at-deploy.example/name", StringComparer.Ordinal);

            var reading = () => TradingAlerts.Functions.FunctionSettings.From(environment);

            reading.Should().NotThrow($"{function.GetProperty("Handler").GetString()} must start with the environment the CDK app gives it");
        }
    }

    /// <summary>Our functions (not the ones CDK adds for its own custom resources) in both templates.</summary>
    private IEnumerable<JsonElement> OurFunctions() =>
        new[] { stacks.FanOut, stacks.Monolithic }
            .SelectMany(t => Resources(t, "AWS::Lambda::Function").Values)
            .Select(f => f.GetProperty("Properties"))
            .Where(f => f.TryGetProperty("Handler", out var handler) && handler.GetString()!.StartsWith("TradingAlerts.Functions::", StringComparison.Ordinal));

    [Fact]
    public void Watch_RunsOnTheReadersRule_SoBothAreToldTheSameScheduleTime()
    {
        var rules = Resources(stacks.FanOut, "AWS::Events::Rule").Values.Select(r => r.GetProperty("Properties")).ToList();
        var readerRule = rules.Single(r => r.GetProperty("ScheduleExpression").GetString() == "rate(5 minutes)");

        readerRule.GetProperty("Targets").EnumerateArray().Select(t => t.GetProperty("Arn").GetProperty("Fn::GetAtt")[0].GetString()!)
            .Should().HaveCount(2).And.Contain(a => a.StartsWith("Reader", StringComparison.Ordinal)).And.Contain(a => a.StartsWith("Watch", StringComparison.Ordinal));
        Resources(stacks.Monolithic, "AWS::Lambda::Function").Values.Should().NotContain(f => f.GetProperty("Properties").GetProperty("Handler").GetString()!.Contains("WatchFunction", StringComparison.Ordinal), "the Monolith records its own cycles");
    }

    [Fact]
    public void Watch_ReadsOutcomesAndTheCycleLog_WritesOnlyCycleRecordsAndTallies_ReadsTheSecret()
    {
        ActionsOf(stacks.FanOut, "Watch").Should().BeEquivalentTo(
            "logs:CreateLogStream", "logs:PutLogEvents", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:UpdateItem", "secretsmanager:GetSecretValue", "ssm:GetParameter");
        QueriedIndexes(stacks.FanOut, "Watch").Should().Equal(SignalTable.CyclesIndex);
        Put(stacks.FanOut, "Watch", "ForAllValues:StringLike").Should().Equal("cycle#*");
        var update = StatementsOf(stacks.FanOut, "Watch").Single(s => Actions(s).Contains("dynamodb:UpdateItem"));
        Actions(update).Should().Equal("dynamodb:UpdateItem");
        LeadingKeys(update, "ForAllValues:StringLike").Should().Equal("tally#*");
    }

    [Fact]
    public void Schedules_ReaderEveryFiveMinutesSheetsEveryFifteen()
    {
        var expressions = Resources(stacks.FanOut, "AWS::Events::Rule").Values.Select(r => r.GetProperty("Properties").GetProperty("ScheduleExpression").GetString());
        expressions.Should().BeEquivalentTo("rate(5 minutes)", "rate(15 minutes)");
    }

    [Fact]
    public void Secret_HasNoValueInTheTemplate_AndNoKeyLeaks()
    {
        var secret = Resources(stacks.FanOut, "AWS::SecretsManager::Secret").Values.Single().GetProperty("Properties");

        secret.TryGetProperty("SecretString", out _).Should().BeFalse();
        secret.GetProperty("Name").GetString().Should().Be("trading-alerts");
        var template = Root(stacks.FanOut).GetRawText();
        template.Should().NotContain(StackFixture.SampleToken).And.NotContain("private_key").And.NotContain("pushover_app_token\":");
    }

    [Fact]
    public void Iam_NoWildcardActions_ReaderCannotWriteTheTable_WorkerCannotSendToTheQueue()
    {
        var statements = Statements(stacks.FanOut).ToList();

        statements.SelectMany(s => Actions(s.Statement)).Should().NotContain(a => a.EndsWith('*'));
        statements.Should().OnlyContain(s => s.Statement.GetProperty("Resource").ValueKind != JsonValueKind.String || s.Statement.GetProperty("Resource").GetString() != "*");

        var reader = ActionsOf(stacks.FanOut, "Reader");
        reader.Should().Contain(["dynamodb:Query", "dynamodb:GetItem", "sqs:SendMessage"]);
        reader.Should().NotContain(a => a.StartsWith("dynamodb:", StringComparison.Ordinal) && a != "dynamodb:Query" && a != "dynamodb:GetItem" && a != "dynamodb:BatchGetItem");
        reader.Should().NotContain(a => a.StartsWith("secretsmanager:", StringComparison.Ordinal));

        var worker = ActionsOf(stacks.FanOut, "Worker");
        worker.Should().Contain(["dynamodb:UpdateItem", "dynamodb:PutItem", "sqs:ReceiveMessage", "sqs:DeleteMessage", "secretsmanager:GetSecretValue", "ssm:GetParameter"]);
        worker.Should().NotContain("sqs:SendMessage");
        LeadingKeys(StatementsOf(stacks.FanOut, "Worker").Single(s => Actions(s).Contains("dynamodb:DeleteItem")), "ForAllValues:StringLike").Should().Equal(["book#*"], "the Worker deletes only trigger-book items");
    }

    [Fact]
    public void Iam_MonolithRecordsAndPrunesItsCycles()
    {
        var monolith = ActionsOf(stacks.Monolithic, "Monolith");

        monolith.Should().Contain(["dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:Query"]);
    }

    [Fact]
    public void QueuesAndAlarmTopic_DenyEveryRequestNotOverTls()
    {
        foreach (var template in new[] { stacks.FanOut, stacks.Monolithic })
        {
            var topic = Resources(template, "AWS::SNS::Topic").Keys.Single();
            TlsDenials(template, "AWS::SNS::TopicPolicy", "Topics").Should().Equal([(topic, "sns:Publish")]);
        }

        var queues = Resources(stacks.FanOut, "AWS::SQS::Queue").Keys.Order(StringComparer.Ordinal).ToList();
        queues.Should().HaveCount(2, "the queue and its dead-letter queue");
        TlsDenials(stacks.FanOut, "AWS::SQS::QueuePolicy", "Queues").OrderBy(d => d.Target, StringComparer.Ordinal).Should().Equal(queues.Select(q => (q, "sqs:*")));
    }

    [Fact]
    public void AlarmTopic_CloudWatchMayPublishForThisStacksAlarmsOnly()
    {
        foreach (var template in new[] { stacks.FanOut, stacks.Monolithic })
        {
            var allow = Resources(template, "AWS::SNS::TopicPolicy").Values.Single().GetProperty("Properties").GetProperty("PolicyDocument").GetProperty("Statement")
                .EnumerateArray().Single(s => s.GetProperty("Effect").GetString() == "Allow");

            allow.GetProperty("Principal").GetProperty("Service").GetString().Should().Be("cloudwatch.amazonaws.com");
            Actions(allow).Should().Equal("sns:Publish");
            allow.GetProperty("Condition").GetProperty("ArnEquals").GetProperty("aws:SourceArn").EnumerateArray()
                .Select(a => a.GetProperty("Fn::GetAtt")[0].GetString()).Should().BeEquivalentTo(Resources(template, "AWS::CloudWatch::Alarm").Keys);
        }
    }

    [Fact]
    public void Functions_OwnRolesWithoutManagedPolicies_WriteOnlyTheirOwnLogGroup()
    {
        foreach (var template in new[] { stacks.FanOut, stacks.Monolithic })
        {
            var roles = Resources(template, "AWS::IAM::Role");
            roles.Values.Should().NotContain(r => Has(r.GetProperty("Properties"), "ManagedPolicyArns"));
            JsonSerializer.Serialize(Root(template)).Should().NotContain("AWSLambdaBasicExecutionRole");

            foreach (var function in Resources(template, "AWS::Lambda::Function").Values.Select(f => f.GetProperty("Properties")))
            {
                var role = function.GetProperty("Role").GetProperty("Fn::GetAtt")[0].GetString()!;
                var logGroup = function.GetProperty("LoggingConfig").GetProperty("LogGroup").GetProperty("Ref").GetString();
                var logs = Statements(template).Where(s => s.Role == role && Actions(s.Statement).Any(a => a.StartsWith("logs:", StringComparison.Ordinal))).ToList();

                logs.Should().ContainSingle(role);
                Actions(logs[0].Statement).Should().BeEquivalentTo("logs:CreateLogStream", "logs:PutLogEvents");
                logs[0].Statement.GetProperty("Resource").GetProperty("Fn::GetAtt")[0].GetString().Should().Be(logGroup);
            }
        }
    }

    [Fact]
    public void Iam_QueriesNameTheExactIndexesTheCodeQueries_NoIndexWildcard()
    {
        foreach (var template in new[] { stacks.FanOut, stacks.Monolithic })
            Statements(template).Select(s => JsonSerializer.Serialize(s.Statement.GetProperty("Resource"))).Should().NotContain(r => r.Contains("/index/*", StringComparison.Ordinal));

        QueriedIndexes(stacks.FanOut, "Reader").Should().BeEquivalentTo(SignalTable.ArmedIndex);
        QueriedIndexes(stacks.FanOut, "Worker").Should().BeEquivalentTo(SignalTable.DueIndex, SignalTable.FiringsBySignalIndex, SignalTable.BookIndex);
        QueriedIndexes(stacks.FanOut, "SheetsSync").Should().BeEmpty("the sync scans the table");
        QueriedIndexes(stacks.Monolithic, "Monolith").Should().BeEquivalentTo(SignalTable.ArmedIndex, SignalTable.DueIndex, SignalTable.FiringsBySignalIndex, SignalTable.CyclesIndex, SignalTable.BookIndex);
    }

    [Fact]
    public void Deletes_OnlyCycleRecords_ByTheMonolithOrTheWatch_AndTriggerBookItems_ByTheAlertsWriters()
    {
        foreach (var (template, function) in new[] { (stacks.Monolithic, "Monolith"), (stacks.FanOut, "Watch") })
        {
            var delete = StatementsOf(template, function).Where(s => Actions(s).Contains("dynamodb:DeleteItem")).SelectMany(s => LeadingKeys(s, "ForAllValues:StringLike"));
            delete.Should().Contain("cycle#*");
        }

        var deletes = Statements(stacks.FanOut).Where(s => Actions(s.Statement).Contains("dynamodb:DeleteItem")).ToList();
        deletes.Where(s => !s.Role.StartsWith("WatchServiceRole", StringComparison.Ordinal)).Should().OnlyContain(s => LeadingKeys(s.Statement, "ForAllValues:StringLike").SequenceEqual(new[] { "book#*" }));
        deletes.Where(s => s.Role.StartsWith("WatchServiceRole", StringComparison.Ordinal)).Should().OnlyContain(s => LeadingKeys(s.Statement, "ForAllValues:StringLike").SequenceEqual(new[] { "cycle#*" }));
    }

    [Fact]
    public void Puts_OnlyTheItemKindsEachFunctionWrites()
    {
        Put(stacks.FanOut, "Worker", "ForAllValues:StringLike").Should().BeEquivalentTo("firing#*", "coverage#*", "batch#*", "book#*");
        Put(stacks.FanOut, "Watch", "ForAllValues:StringLike").Should().BeEquivalentTo("cycle#*");
        Put(stacks.Monolithic, "Monolith", "ForAllValues:StringLike").Should().BeEquivalentTo("firing#*", "coverage#*", "cycle#*", "book#*");
        Put(stacks.FanOut, "SheetsSync", "ForAllValues:StringNotLike").Should().Equal("*#*");
        ActionsOf(stacks.FanOut, "Reader").Should().NotContain("dynamodb:PutItem");

        foreach (var template in new[] { stacks.FanOut, stacks.Monolithic })
            Statements(template).Where(s => Actions(s.Statement).Contains("dynamodb:PutItem")).Should().OnlyContain(s => Has(s.Statement, "Condition"));
    }

    [Fact]
    public void Iam_NoActionTheCodeDoesNotCall()
    {
        foreach (var template in new[] { stacks.FanOut, stacks.Monolithic })
            Statements(template).SelectMany(s => Actions(s.Statement)).Should().NotContain("dynamodb:ConditionCheckItem", "the claim's transaction is an update and a put");

        ActionsOf(stacks.FanOut, "SheetsSync").Where(a => a.StartsWith("dynamodb:", StringComparison.Ordinal)).Distinct().Should().BeEquivalentTo("dynamodb:Scan", "dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:UpdateItem");
    }

    [Fact]
    public void Alarms_DeadLettersWorkerReaderAndADeadManSwitch()
    {
        var alarms = Resources(stacks.FanOut, "AWS::CloudWatch::Alarm").Values.Select(a => a.GetProperty("Properties")).ToList();

        alarms.Should().OnlyContain(a => a.GetProperty("AlarmActions").GetArrayLength() == 1);
        alarms.Where(a => a.TryGetProperty("MetricName", out _)).Select(a => a.GetProperty("MetricName").GetString()).Should().BeEquivalentTo(
            "ApproximateNumberOfMessagesVisible", "Errors", "Errors", "Throttles", "Errors", "Invocations", "Errors", "NotChecked", "NotChecked", "NotChecked");
        var deadMan = alarms.Single(a => a.TryGetProperty("MetricName", out var name) && name.GetString() == "Invocations");
        deadMan.GetProperty("Period").GetInt32().Should().Be(15 * 60, "three schedule periods of five minutes");
        deadMan.GetProperty("TreatMissingData").GetString().Should().Be("breaching");
        deadMan.GetProperty("ComparisonOperator").GetString().Should().Be("LessThanThreshold");
    }

    [Fact]
    public void Dashboard_DrawsTheMetricsTheFunctionsEmit_AsCoreDefinesThem_AndTheQueueInFanOut()
    {
        foreach (var (template, fanOut) in new[] { (stacks.FanOut, true), (stacks.Monolithic, false) })
        {
            var body = DashboardText(template);

            // Both modes check batches and deliver through the same code, so both write these sets.
            foreach (var set in new[] { PipelineMetrics.Batch, PipelineMetrics.Delivery, PipelineMetrics.ExchangeRequests })
            {
                var dimension = set.Dimensions.Should().ContainSingle().Subject;
                var values = dimension == "Channel" ? ChannelNames.All.Select(c => c.ToWire()) : Enum.GetValues<ExchangeId>().Select(e => e.ToWire());
                foreach (var metric in set.Metrics)
                {
                    foreach (var value in values)
                        body.Should().Contain($"\"{PipelineMetrics.Namespace}\",\"{metric.Name}\",\"{dimension}\",\"{value}\"", "the metric {0} per {1}, as the functions' log lines name it", metric.Name, dimension);
                }
            }

            foreach (var percentile in new[] { "p50", "p95" })
            {
                foreach (var channel in ChannelNames.All)
                    body.Should().Contain($"\"{PipelineMetrics.Namespace}\",\"LatencyMs\",\"Channel\",\"{channel.ToWire()}\",{{\"label\":\"LatencyMs ({channel.ToWire()})\",\"stat\":\"{percentile}\"}}", "the latency's {0} per channel", percentile);
            }

            body.Contains("ApproximateAgeOfOldestMessage", StringComparison.Ordinal).Should().Be(fanOut);
            body.Contains($"\"{PipelineMetrics.Namespace}\",\"DurationMs\",\"Pipeline\",\"monolithic\"", StringComparison.Ordinal).Should().Be(!fanOut);
            body.Should().Contain("\"Errors\"").And.Contain("\"Throttles\"").And.Contain("\"Duration\"");
        }
    }

    /// <summary>The dashboard's body as CloudWatch gets it, the template's references left as <c>?</c>.</summary>
    private static string DashboardText(Template template)
    {
        var body = Resources(template, "AWS::CloudWatch::Dashboard").Values.Should().ContainSingle().Subject.GetProperty("Properties").GetProperty("DashboardBody");
        return body.ValueKind == JsonValueKind.String
            ? body.GetString()!
            : string.Concat(body.GetProperty("Fn::Join")[1].EnumerateArray().Select(part => part.ValueKind == JsonValueKind.String ? part.GetString() : "?"));
    }

    [Fact]
    public void Alarms_EachChannelsDeliveriesFailingAndAnExchangeUncheckedForThreePeriods()
    {
        var alarms = Resources(stacks.FanOut, "AWS::CloudWatch::Alarm").Values.Select(a => a.GetProperty("Properties")).ToList();

        var failing = alarms.Where(a => a.TryGetProperty("Metrics", out _)).ToList();
        failing.Should().HaveCount(ChannelNames.All.Count, "one rate per channel");
        failing.Should().OnlyContain(a => a.GetProperty("EvaluationPeriods").GetInt32() == 3 && a.GetProperty("Threshold").GetDouble() == 0.2);
        var delivery = PipelineMetrics.Delivery;
        var channels = failing.Select(alarm =>
        {
            var inputs = alarm.GetProperty("Metrics").EnumerateArray().Where(m => m.TryGetProperty("MetricStat", out _)).Select(m => m.GetProperty("MetricStat").GetProperty("Metric")).ToList();
            inputs.Select(m => m.GetProperty("MetricName").GetString()).Should().BeEquivalentTo(["Sent", "Retried", "FailedPermanently"], "attempts, of which the failed ones; a held delivery is none");
            inputs.Select(m => m.GetProperty("MetricName").GetString()).Should().OnlyContain(n => delivery.Metrics.Any(d => d.Name == n));
            inputs.Should().OnlyContain(m => m.GetProperty("Namespace").GetString() == PipelineMetrics.Namespace && m.GetProperty("Dimensions")[0].GetProperty("Name").GetString() == delivery.Dimensions[0]);
            return inputs.Select(m => m.GetProperty("Dimensions")[0].GetProperty("Value").GetString()).Distinct().Should().ContainSingle().Subject;
        });
        channels.Should().BeEquivalentTo(ChannelNames.All.Select(c => c.ToWire()));
        var notChecked = alarms.Where(a => a.TryGetProperty("MetricName", out var name) && name.GetString() == "NotChecked").ToList();
        notChecked.Select(a => a.GetProperty("Dimensions")[0].GetProperty("Value").GetString()).Should().BeEquivalentTo(Enum.GetValues<ExchangeId>().Select(e => e.ToWire()));
        notChecked.Should().OnlyContain(a => a.GetProperty("EvaluationPeriods").GetInt32() == 3 && a.GetProperty("Namespace").GetString() == PipelineMetrics.Namespace);
    }

    [Fact]
    public void Outputs_TableQueueSecretAndAlarmTopic()
    {
        var outputs = Root(stacks.FanOut).GetProperty("Outputs").EnumerateObject().Select(o => o.Name).ToList();
        outputs.Should().Contain(["TableNameOutput", "QueueUrlOutput", "SecretNameOutput", "AlarmTopicOutput"]);
    }

    [Theory]
    [InlineData("us-east-1")]
    [InlineData("us-west-2")]
    public void Settings_UsRegion_RefusedWithTheReason(string region)
    {
        var act = () => new StackSettings { Region = region }.Validated();

        act.Should().Throw<ArgumentException>().WithMessage("*refuse requests from US IP addresses*eu-central-1*");
    }

    [Theory]
    [InlineData("mode", "sideways")]
    [InlineData("scheduleMinutes", "0")]
    [InlineData("workerMaxConcurrency", "1")]
    public void Settings_BadContext_NamesTheKey(string key, string value)
    {
        var app = new Amazon.CDK.App(new Amazon.CDK.AppProps { Context = new Dictionary<string, object> { [key] = value } });

        var act = () => StackSettings.FromContext(app.Node);

        act.Should().Throw<ArgumentException>().WithMessage($"context '{key}'*");
    }
}
