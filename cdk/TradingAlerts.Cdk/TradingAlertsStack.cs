using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.CloudWatch.Actions;
using Amazon.CDK.AWS.DynamoDB;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Lambda.EventSources;
using Amazon.CDK.AWS.Logs;
using Amazon.CDK.AWS.SecretsManager;
using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.SNS.Subscriptions;
using Amazon.CDK.AWS.SQS;
using Constructs;
using TradingAlerts.Aws;
using TradingAlerts.Core.Notifications;
using TradingAlerts.Core.Signals;
using DynamoAttribute = Amazon.CDK.AWS.DynamoDB.Attribute;
using LambdaFunction = Amazon.CDK.AWS.Lambda.Function;

namespace TradingAlerts.Cdk;

/// <summary>The whole pipeline: table, queue and dead-letter queue, the functions and their schedules, the secret, alarms.</summary>
public sealed class TradingAlertsStack : Stack
{
    public const string TableName = SignalTable.DefaultName;
    public const string SecretName = "trading-alerts";
    public const string HandlerAssembly = "TradingAlerts.Functions";

    /// <summary>SQS's 1 MiB messages postdate this CDK version, which validates up to 256 KiB; the Reader sizes batches to it.</summary>
    public const int MaxMessageBytes = 262_144;

    /// <summary>The managed .NET 10 runtime; this CDK version has no constant for it.</summary>
    public static readonly Runtime DotNet10 = new("dotnet10", RuntimeFamily.DOTNET_CORE, new LambdaRuntimeProps { SupportsSnapStart = true });

    /// <summary>
    /// A Worker checks one SQS batch: up to 10 messages of up to 500 alerts, with one bulk request per exchange. It stops
    /// taking new work 75 s before its timeout (the longest send), so the timeout leaves it 105 s of work.
    /// </summary>
    public static readonly Duration WorkerTimeout = Duration.Seconds(180);

    /// <summary>
    /// The cdk-nag rules this stack suppresses, each with its reason, written into the template on the resource
    /// (<c>Metadata.cdk_nag.rules_to_suppress</c>) where <c>scripts/nag.js</c> reads them; the README lists them.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> NagSuppressions = new Dictionary<string, string>
    {
        ["AwsSolutions-SMG4"] =
            "The secret holds the Pushover, Telegram and Google service-account keys, which only those services can issue: " +
            "AWS Secrets Manager has no rotation function for them, so an operator rotates them by hand (README: Fill the secret).",
    };

    private readonly StackSettings settings;
    private readonly Topic alarms;
    private readonly List<Alarm> alarmList = [];
    private readonly List<LambdaFunction> functions = [];
    private (IQueue Queue, IQueue DeadLetters)? batchQueues;

    public TradingAlertsStack(Construct scope, string id, StackSettings settings)
        : base(scope, id, new StackProps
        {
            Env = new Amazon.CDK.Environment { Region = settings.Region, Account = settings.Account },
            Description = "TradingAlerts: crypto price alerts checked 24/7 and pushed through Pushover",
        })
    {
        this.settings = settings.Validated();

        Table = new Table(this, "Alerts", new TableProps
        {
            TableName = TableName,
            PartitionKey = new DynamoAttribute { Name = "id", Type = AttributeType.STRING },
            BillingMode = BillingMode.PAY_PER_REQUEST,
            PointInTimeRecovery = true,
            RemovalPolicy = RemovalPolicy.RETAIN,

            // The fan-out batches' outcomes are deleted by DynamoDB a day after they finished (as the store's own
            // table creation sets it).
            TimeToLiveAttribute = SignalTable.Attr.ForgetAt,
        });
        AddIndexes(Table);

        Secret = new Secret(this, "Secret", new SecretProps
        {
            SecretName = SecretName,
            Description = "JSON with pushover_app_token, pushover_user_key and (for Sheets) google_service_account_json; fill it after deploying (README).",
        });
        Suppress(Secret, "AwsSolutions-SMG4");

        // TLS only: the topic policy denies any publish that is not over HTTPS.
        alarms = new Topic(this, "Alarms", new TopicProps { DisplayName = "TradingAlerts alarms", EnforceSSL = true });
        if (settings.AlarmEmail is { } email)
            alarms.AddSubscription(new EmailSubscription(email));

        if (settings.Monolithic)
            BuildMonolith();
        else
            BuildFanOut();

        if (settings.SheetId is { } sheetId)
            BuildSheetsSync(sheetId);

        OperatorDashboard.Add(this, "TradingAlerts", functions, batchQueues);
        // Per channel, on each recorded attempt: one channel broken (a revoked Telegram token) shows however busy the
        // others are, a held delivery is no failure, and the Worker's retries of due deliveries count too.
        foreach (var channel in ChannelNames.All)
            Alarm($"{channel}DeliveriesFailing", OperatorDashboard.DeliveryFailureRate(channel), $"More than a fifth of the {channel.ToWire()} delivery attempts failed (for now or for good) in each of 3 periods of 5 minutes", threshold: 0.2, periods: 3);
        foreach (var exchange in Enum.GetValues<ExchangeId>())
            Alarm($"{exchange}NotChecked", OperatorDashboard.NotChecked(exchange), $"Alerts on {exchange.ToWire()} could not be checked in each of 3 periods of 5 minutes (the exchange failing, or no time left)", threshold: 0, periods: 3);

        AllowAlarmsToPublish();

        _ = new CfnOutput(this, "TableNameOutput", new CfnOutputProps { Value = Table.TableName, Description = "the alerts table" });
        _ = new CfnOutput(this, "SecretNameOutput", new CfnOutputProps { Value = SecretName, Description = "fill it: aws secretsmanager put-secret-value" });
        _ = new CfnOutput(this, "AlarmTopicOutput", new CfnOutputProps { Value = alarms.TopicArn, Description = "subscribe to be told when alerts stop" });
    }

    public Table Table { get; }

    public Secret Secret { get; }

    public static string HandlerFor(string className) => $"{HandlerAssembly}::{HandlerAssembly}.{className}::HandleAsync";

    private void BuildFanOut()
    {
        // Both queues are TLS only: their policies deny any request that is not over HTTPS.
        var deadLetters = new Queue(this, "DeadLetters", new QueueProps
        {
            Encryption = QueueEncryption.SQS_MANAGED,
            EnforceSSL = true,
            RetentionPeriod = Duration.Days(14),
        });
        var queue = new Queue(this, "Batches", new QueueProps
        {
            Encryption = QueueEncryption.SQS_MANAGED,
            EnforceSSL = true,
            MaxMessageSizeBytes = MaxMessageBytes,
            VisibilityTimeout = Duration.Seconds(WorkerTimeout.ToSeconds() * 6),
            RetentionPeriod = Duration.Hours(1),
            DeadLetterQueue = new DeadLetterQueue { Queue = deadLetters, MaxReceiveCount = settings.MaxReceiveCount },
        });

        // The Reader only reads the markets items, the armed index (for alerts not in the trigger book yet) and the
        // exchanges' coverage items, and sends to the queue: no table write, no secret.
        var reader = Function("Reader", "ReaderFunction", memory: 512, Duration.Seconds(60), new()
        {
            ["TRADINGALERTS_QUEUE_URL"] = queue.QueueUrl,
            ["TRADINGALERTS_MAX_MESSAGE_BYTES"] = MaxMessageBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        Allow(reader, ["dynamodb:Query"], [IndexArn(SignalTable.ArmedIndex)]);
        Allow(reader, ["dynamodb:GetItem"], [Table.TableArn], KeysLike(SignalTable.CoveragePrefix));
        Allow(reader, ["dynamodb:BatchGetItem"], [Table.TableArn], KeysLike(SignalTable.MarketsPrefix));
        Allow(reader, ["sqs:SendMessage"], [queue.QueueArn]);

        var worker = Function("Worker", "WorkerFunction", memory: 1024, WorkerTimeout, new());
        KeepDeadline(worker, WorkerTimeout);
        worker.AddEventSource(new SqsEventSource(queue, new SqsEventSourceProps
        {
            BatchSize = settings.WorkerBatchSize,
            MaxBatchingWindow = settings.WorkerBatchingWindowSeconds > 0 ? Duration.Seconds(settings.WorkerBatchingWindowSeconds) : null,
            MaxConcurrency = settings.WorkerMaxConcurrency,
            ReportBatchItemFailures = true,
        }));
        AllowWorkerAccess(worker);

        // Each batch also keeps its outcome for the cycle watch.
        Allow(worker, ["dynamodb:PutItem"], [Table.TableArn], KeysLike(SignalTable.FiringPrefix, SignalTable.CoveragePrefix, SignalTable.BatchPrefix, SignalTable.BookPrefix));
        AllowSecret(worker);

        // The operator health alert: a period later, the watch judges the Reader's cycle from its batches' outcomes,
        // which it reads from the cycles index with the cycle log; it records the cycle and forgets the one beyond the
        // newest 100, adds it to its day's tally, and reads the secret to tell the operator. It runs on the Reader's rule, so both get the same
        // schedule time: the watch at one time judges the cycle of the time before.
        var watch = Function("Watch", "WatchFunction", memory: 512, Duration.Seconds(120), new());
        Allow(watch, ["dynamodb:Query"], [IndexArn(SignalTable.CyclesIndex)]);
        Allow(watch, ["dynamodb:PutItem"], [Table.TableArn], KeysLike(SignalTable.CyclePrefix));
        Allow(watch, ["dynamodb:DeleteItem"], [Table.TableArn], KeysLike(SignalTable.CyclePrefix));
        Allow(watch, ["dynamodb:UpdateItem"], [Table.TableArn], KeysLike(SignalTable.TallyPrefix));
        AllowSecret(watch);
        Schedule(settings.ScheduleMinutes, reader, watch);

        _ = new CfnOutput(this, "QueueUrlOutput", new CfnOutputProps { Value = queue.QueueUrl, Description = "the Reader's batches" });
        batchQueues = (queue, deadLetters);

        Alarm("DeadLettersNotEmpty", deadLetters.MetricApproximateNumberOfMessagesVisible(new MetricOptions { Period = Duration.Minutes(5), Statistic = "Maximum" }), "Batches failed 5 times and sit in the dead-letter queue");
        Alarm("WorkerErrors", worker.MetricErrors(new MetricOptions { Period = Duration.Minutes(5) }), "The Worker failed a whole invocation");
        Alarm("ReaderErrors", reader.MetricErrors(new MetricOptions { Period = Duration.Minutes(5) }), "The Reader failed");
        Alarm("ReaderThrottles", reader.MetricThrottles(new MetricOptions { Period = Duration.Minutes(5) }), "The Reader was throttled");
        Alarm("WatchErrors", watch.MetricErrors(new MetricOptions { Period = Duration.Minutes(5) }), "The cycle watch failed: the operator health alert is not judged");
        DeadManSwitch(reader);
    }

    private void BuildMonolith()
    {
        // At least the Worker's time (a long cycle overlaps the next one rather than being cut off; claims and leases keep
        // overlapping cycles apart), at most five minutes.
        var monolithTimeout = Duration.Seconds(Math.Clamp(settings.ScheduleMinutes * 60, WorkerTimeout.ToSeconds(), 300));
        var monolith = Function("Monolith", "MonolithFunction", memory: 1024, monolithTimeout, new());
        KeepDeadline(monolith, monolithTimeout);
        // The Reader's part queries the armed index, the cycle log the cycles index (the Worker's part: below).
        Allow(monolith, ["dynamodb:Query"], [IndexArn(SignalTable.ArmedIndex), IndexArn(SignalTable.CyclesIndex)]);
        Allow(monolith, ["dynamodb:BatchGetItem"], [Table.TableArn], KeysLike(SignalTable.MarketsPrefix));
        AllowWorkerAccess(monolith);

        // Each invocation records its cycle (status, the operator alert) and forgets the one beyond the newest 100, and
        // adds it to its day's tally (an update, which the Worker's part may already make): the Worker's puts plus cycle
        // records, and deletes of cycle records only (the table's time to live forgets the tallies).
        Allow(monolith, ["dynamodb:PutItem"], [Table.TableArn], KeysLike(SignalTable.FiringPrefix, SignalTable.CoveragePrefix, SignalTable.CyclePrefix, SignalTable.BookPrefix));
        Allow(monolith, ["dynamodb:DeleteItem"], [Table.TableArn], KeysLike(SignalTable.CyclePrefix));
        AllowSecret(monolith);
        Schedule(settings.ScheduleMinutes, monolith);
        Alarm("MonolithErrors", monolith.MetricErrors(new MetricOptions { Period = Duration.Minutes(5) }), "The monolithic function failed");
        DeadManSwitch(monolith);
    }

    private void BuildSheetsSync(string sheetId)
    {
        var sync = Function("SheetsSync", "SheetsSyncFunction", memory: 512, Duration.Seconds(120), new() { ["GOOGLE_SHEET_ID"] = sheetId });
        // The sync lists the alerts (a filtered scan) and adds or replaces them with conditional puts: alert ids never
        // contain '#', which keeps its puts off the firing, cycle, recipient and coverage items.
        Allow(sync, ["dynamodb:Scan"], [Table.TableArn]);
        Allow(sync, ["dynamodb:PutItem"], [Table.TableArn], new Dictionary<string, object>
        {
            ["ForAllValues:StringNotLike"] = new Dictionary<string, object> { ["dynamodb:LeadingKeys"] = new[] { "*#*" } },
        });

        // An alert's write keeps its place in the trigger book (its book items, in the same transaction) and names its
        // market in its exchange's markets item.
        Allow(sync, ["dynamodb:PutItem", "dynamodb:DeleteItem"], [Table.TableArn], KeysLike(SignalTable.BookPrefix));
        Allow(sync, ["dynamodb:UpdateItem"], [Table.TableArn], KeysLike(SignalTable.MarketsPrefix));
        AllowSecret(sync);
        Schedule(settings.SheetsScheduleMinutes, sync);
        Alarm("SheetsSyncErrors", sync.MetricErrors(new MetricOptions { Period = Duration.Minutes(15) }), "The Sheets sync failed");
    }

    /// <summary>
    /// Tells a function that sends (the Worker, the Monolith) its own timeout, so it stops taking new work
    /// <see cref="TradingAlerts.Core.Pipeline.WorkDeadline.Reserve"/> before it; the others keep no deadline, and a timeout shorter than the reserve
    /// (the Reader's 60 s) would be refused at start.
    /// </summary>
    private static void KeepDeadline(LambdaFunction function, Duration timeout) =>
        function.AddEnvironment("TRADINGALERTS_FUNCTION_TIMEOUT", timeout.ToSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));

    private LambdaFunction Function(string id, string className, int memory, Duration timeout, Dictionary<string, string> environment)
    {
        environment["TRADINGALERTS_TABLE"] = Table.TableName;
        environment["TRADINGALERTS_SECRET_ID"] = SecretName;
        environment["TRADINGALERTS_SCHEDULE_MINUTES"] = settings.ScheduleMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var logs = new LogGroup(this, $"{id}Logs", new LogGroupProps
        {
            Retention = RetentionDays.ONE_MONTH,
            RemovalPolicy = RemovalPolicy.DESTROY,
        });

        // Its own role instead of the one Lambda would make with the AWS-managed AWSLambdaBasicExecutionRole (logs:* on
        // every log group): it may write its own log group only.
        var role = new Role(this, $"{id}ServiceRole", new RoleProps
        {
            AssumedBy = new ServicePrincipal("lambda.amazonaws.com"),
            Description = $"TradingAlerts {id}: its own log group and what its code calls",
        });
        logs.GrantWrite(role);
        var function = new LambdaFunction(this, id, new FunctionProps
        {
            Role = role,
            Runtime = DotNet10,
            Architecture = Architecture.ARM_64,
            Handler = HandlerFor(className),
            Code = Code.FromAsset(settings.HandlersAssetPath),
            MemorySize = memory,
            Timeout = timeout,
            Environment = environment,
            LoggingFormat = LoggingFormat.JSON,
            LogGroup = logs,
            Description = $"TradingAlerts {id}",
        });
        functions.Add(function);
        return function;
    }

    /// <summary>The global secondary indexes exactly as the DynamoDB store creates them locally.</summary>
    private static void AddIndexes(Table table)
    {
        var definition = SignalTable.Definition(TableName);
        var types = definition.AttributeDefinitions.ToDictionary(a => a.AttributeName, a => a.AttributeType == Amazon.DynamoDBv2.ScalarAttributeType.N ? AttributeType.NUMBER : AttributeType.STRING);
        DynamoAttribute Key(string name) => new() { Name = name, Type = types[name] };

        foreach (var index in definition.GlobalSecondaryIndexes)
        {
            var hash = index.KeySchema.Single(k => k.KeyType == Amazon.DynamoDBv2.KeyType.HASH).AttributeName;
            var range = index.KeySchema.SingleOrDefault(k => k.KeyType == Amazon.DynamoDBv2.KeyType.RANGE)?.AttributeName;
            table.AddGlobalSecondaryIndex(new GlobalSecondaryIndexProps
            {
                IndexName = index.IndexName,
                PartitionKey = Key(hash),
                SortKey = range is null ? null : Key(range),
                ProjectionType = index.Projection.ProjectionType == Amazon.DynamoDBv2.ProjectionType.KEYS_ONLY ? ProjectionType.KEYS_ONLY : ProjectionType.ALL,
            });
        }
    }

    /// <summary>One rule for <paramref name="targets"/>, named after the first: every target gets the same event, and its time.</summary>
    private void Schedule(int minutes, params LambdaFunction[] targets)
    {
        var rule = new Rule(this, $"{targets[0].Node.Id}Schedule", new RuleProps
        {
            Schedule = Amazon.CDK.AWS.Events.Schedule.Rate(Duration.Minutes(minutes)),
            Description = $"Runs the {string.Join(" and the ", targets.Select(t => t.Node.Id))} every {minutes} minute(s)",
        });
        foreach (var target in targets)
            rule.AddTarget(new Amazon.CDK.AWS.Events.Targets.LambdaFunction(target));
    }

    /// <summary>
    /// What the Worker's code asks of the table, but its puts (the Monolith puts more): reads of coverage, firings and
    /// recipients; updates of alerts (moves, and the claim's transaction) and of firings (leases, delivery records);
    /// queries of the due deliveries and of an alert's firings (flap protection); the trigger book's index and the
    /// alerts it names (read by id), and the deletes of book items that moves and claims make in their transactions
    /// (their puts are among the puts). The claim's transaction is updates, puts and deletes, so it needs no
    /// ConditionCheckItem.
    /// </summary>
    private void AllowWorkerAccess(LambdaFunction function)
    {
        Allow(function, ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:UpdateItem"], [Table.TableArn]);
        Allow(function, ["dynamodb:Query"], [IndexArn(SignalTable.DueIndex), IndexArn(SignalTable.FiringsBySignalIndex), IndexArn(SignalTable.BookIndex)]);
        Allow(function, ["dynamodb:DeleteItem"], [Table.TableArn], KeysLike(SignalTable.BookPrefix));
    }

    private string IndexArn(string index) => $"{Table.TableArn}/index/{index}";

    /// <summary>Only items whose partition key starts with one of <paramref name="prefixes"/> (<c>cycle#</c>, …).</summary>
    private static Dictionary<string, object> KeysLike(params string[] prefixes) => new()
    {
        ["ForAllValues:StringLike"] = new Dictionary<string, object> { ["dynamodb:LeadingKeys"] = prefixes.Select(p => p + "*").ToArray() },
    };

    /// <summary>The secret, read through SSM's reference path: both permissions are needed.</summary>
    private void AllowSecret(LambdaFunction function)
    {
        Allow(function, ["secretsmanager:GetSecretValue"], [Secret.SecretArn]);
        Allow(function, ["ssm:GetParameter"], [$"arn:{Amazon.CDK.Aws.PARTITION}:ssm:{Amazon.CDK.Aws.REGION}:{Amazon.CDK.Aws.ACCOUNT_ID}:parameter/aws/reference/secretsmanager/{SecretName}"]);
    }

    private static void Allow(LambdaFunction function, string[] actions, string[] resources, Dictionary<string, object>? conditions = null) =>
        function.AddToRolePolicy(new PolicyStatement(new PolicyStatementProps { Actions = actions, Resources = resources, Conditions = conditions }));

    /// <summary>
    /// A topic policy replaces SNS's default one, which let the account's alarms publish: CloudWatch may publish for
    /// this stack's alarms only.
    /// </summary>
    private void AllowAlarmsToPublish() =>
        alarms.AddToResourcePolicy(new PolicyStatement(new PolicyStatementProps
        {
            Sid = "AlarmsPublish",
            Principals = [new ServicePrincipal("cloudwatch.amazonaws.com")],
            Actions = ["sns:Publish"],
            Resources = [alarms.TopicArn],
            Conditions = new Dictionary<string, object>
            {
                ["StringEquals"] = new Dictionary<string, object> { ["aws:SourceAccount"] = Amazon.CDK.Aws.ACCOUNT_ID },
                ["ArnEquals"] = new Dictionary<string, object> { ["aws:SourceArn"] = alarmList.Select(a => a.AlarmArn).ToArray() },
            },
        }));

    /// <summary>Writes the rule's suppression and its reason (<see cref="NagSuppressions"/>) into the resource's template metadata.</summary>
    private static void Suppress(Construct construct, string rule) =>
        ((CfnResource)construct.Node.DefaultChild!).AddMetadata("cdk_nag", new Dictionary<string, object>
        {
            ["rules_to_suppress"] = new object[] { new Dictionary<string, object> { ["id"] = rule, ["reason"] = NagSuppressions[rule] } },
        });

    /// <summary>An alarm on <paramref name="metric"/> above <paramref name="threshold"/> in <paramref name="periods"/> periods in a row, told to the topic.</summary>
    private void Alarm(string id, IMetric metric, string description, double threshold = 0, int periods = 1)
    {
        var alarm = new Alarm(this, id, new AlarmProps
        {
            Metric = metric,
            Threshold = threshold,
            ComparisonOperator = ComparisonOperator.GREATER_THAN_THRESHOLD,
            EvaluationPeriods = periods,
            TreatMissingData = TreatMissingData.NOT_BREACHING,
            AlarmDescription = description,
        });
        alarm.AddAlarmAction(new SnsAction(alarms));
        alarmList.Add(alarm);
    }

    /// <summary>The alerts silently stopped: no invocation in three schedule periods.</summary>
    private void DeadManSwitch(LambdaFunction function)
    {
        var alarm = new Alarm(this, $"{function.Node.Id}NotRunning", new AlarmProps
        {
            Metric = function.MetricInvocations(new MetricOptions { Period = Duration.Minutes(settings.ScheduleMinutes * 3), Statistic = "Sum" }),
            Threshold = 1,
            ComparisonOperator = ComparisonOperator.LESS_THAN_THRESHOLD,
            EvaluationPeriods = 1,
            TreatMissingData = TreatMissingData.BREACHING,
            AlarmDescription = $"The {function.Node.Id} has not run for {settings.ScheduleMinutes * 3} minutes: no alert is being checked",
        });
        alarm.AddAlarmAction(new SnsAction(alarms));
        alarmList.Add(alarm);
    }
}
