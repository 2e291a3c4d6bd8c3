using System.Globalization;
using System.Text;
using Amazon.SQS.Model;
using TradingAlerts.Aws.Sqs;
using TradingAlerts.Core.Pipeline;
using TradingAlerts.Core.Signals;
using TradingAlerts.Testing.Emulators;
using TradingAlerts.Testing;

namespace TradingAlerts.Functions.Tests;

[Collection(FauxqsCollection.Name)]
public sealed class SqsSignalQueueTests(FauxqsFixture fauxqs)
{
    [Fact]
    public async Task EnqueueAsync_25Batches_ThreeCallsAndBodiesRoundTripExactly()
    {
        var calls = new SqsCallCounter();
        using var sqs = fauxqs.CreateClient(calls);
        var queueUrl = await fauxqs.CreateQueueAsync(sqs, "batches");
        var batches = Enumerable.Range(0, 25).Select(i => Batch($"b{i:00}", 3)).ToList();

        await new SqsSignalQueue(sqs, queueUrl, new SqsQueueOptions()).EnqueueAsync(batches, CancellationToken.None);

        calls.Count("SendMessageBatch").Should().Be(3);
        var received = await FauxqsFixture.ReceiveAsync(sqs, queueUrl, 25);
        received.Should().HaveCount(25);
        (await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 10 })).Messages.Should().BeNullOrEmpty("25 messages, no more");
        var decoded = received.Select(m => SignalBatchMessage.Deserialize(m.Body)).OrderBy(b => b.Signals[0].Id, StringComparer.Ordinal).ToList();
        decoded.Should().BeEquivalentTo(batches, o => o.WithStrictOrdering());
        decoded.SelectMany(b => b.Signals).Select(s => s.TargetPrice!.Value.ToString(CultureInfo.InvariantCulture))
            .Should().Equal(batches.SelectMany(b => b.Signals).Select(s => s.TargetPrice!.Value.ToString(CultureInfo.InvariantCulture)), "every digit survives");
    }

    [Fact]
    public async Task EnqueueAsync_BatchOverMaxMessageSize_SplitInHalvesNothingDropped()
    {
        using var sqs = fauxqs.CreateClient();
        var queueUrl = await fauxqs.CreateQueueAsync(sqs, "split", new() { ["MaximumMessageSize"] = "4096" });
        var big = Batch("big", 40);
        var options = new SqsQueueOptions { MaxMessageBytes = 4096 };
        Encoding.UTF8.GetByteCount(SignalBatchMessage.Serialize(big)).Should().BeGreaterThan(4096, "the test needs a batch over the limit");

        await new SqsSignalQueue(sqs, queueUrl, options).EnqueueAsync([big], CancellationToken.None);

        var received = await FauxqsFixture.DrainAsync(sqs, queueUrl);
        received.Should().HaveCountGreaterThan(1);
        received.Should().OnlyContain(m => Encoding.UTF8.GetByteCount(m.Body) <= 4096);
        var parts = received.Select(m => SignalBatchMessage.Deserialize(m.Body)).ToList();
        parts.Should().OnlyContain(p => p.CycleId == big.CycleId && p.Exchange == big.Exchange && p.Since == big.Since);
        parts.SelectMany(p => p.Signals).OrderBy(s => s.Id, StringComparer.Ordinal)
            .Should().BeEquivalentTo(big.Signals, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task EnqueueAsync_BatchOfMarketsOverMaxMessageSize_SplitByItsMarketsNothingDropped()
    {
        using var sqs = fauxqs.CreateClient();
        var queueUrl = await fauxqs.CreateQueueAsync(sqs, "split-markets", new() { ["MaximumMessageSize"] = "1024" });
        var markets = Enumerable.Range(0, 60).Select(i => new Market(ExchangeId.Binance, $"SYM{i:D2}USDT", $"SYM{i:D2}", "USDT")).ToList();
        var big = new SignalBatch("2026-03-14T09:25:00Z", ExchangeId.Binance, []) { Markets = markets, CycleAlerts = 60 };
        var options = new SqsQueueOptions { MaxMessageBytes = 1024 };
        Encoding.UTF8.GetByteCount(SignalBatchMessage.Serialize(big)).Should().BeGreaterThan(1024, "the test needs a batch over the limit");

        await new SqsSignalQueue(sqs, queueUrl, options).EnqueueAsync([big], CancellationToken.None);

        var received = await FauxqsFixture.DrainAsync(sqs, queueUrl);
        received.Should().HaveCountGreaterThan(1).And.OnlyContain(m => Encoding.UTF8.GetByteCount(m.Body) <= 1024);
        var parts = received.Select(m => SignalBatchMessage.Deserialize(m.Body)).ToList();
        parts.Should().OnlyContain(p => p.Signals.Count == 0 && p.CycleAlerts == 60);
        parts.SelectMany(p => p.Markets).OrderBy(m => m.Symbol, StringComparer.Ordinal).Should().Equal(markets);
    }

    [Fact]
    public async Task EnqueueAsync_MessageKeepsFailing_EndsInDeadLetterQueue()
    {
        using var sqs = fauxqs.CreateClient();
        var dlqUrl = await fauxqs.CreateQueueAsync(sqs, "dlq");
        var dlqArn = (await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = dlqUrl, AttributeNames = ["QueueArn"] })).Attributes["QueueArn"];
        var queueUrl = await fauxqs.CreateQueueAsync(sqs, "work", new()
        {
            ["RedrivePolicy"] = $$"""{"deadLetterTargetArn":"{{dlqArn}}","maxReceiveCount":"2"}""",
        });
        var batch = Batch("poison", 1);

        await new SqsSignalQueue(sqs, queueUrl, new SqsQueueOptions()).EnqueueAsync([batch], CancellationToken.None);
        for (var receive = 1; receive <= 2; receive++)
        {
            // Received and not deleted, as a failing worker leaves it; visible again at once.
            var got = await FauxqsFixture.ReceiveAsync(sqs, queueUrl, 1, visibilitySeconds: 0);
            got.Should().ContainSingle().Which.Attributes["ApproximateReceiveCount"].Should().Be(receive.ToString(CultureInfo.InvariantCulture));
        }

        (await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl })).Messages.Should().BeNullOrEmpty();
        var dead = await FauxqsFixture.ReceiveAsync(sqs, dlqUrl, 1);
        SignalBatchMessage.Deserialize(dead.Should().ContainSingle().Subject.Body).Should().BeEquivalentTo(batch);
    }

    [Fact]
    public void Fit_OneAlertOverTheLimit_ThrowsNamingIt()
    {
        var alone = Batch("huge", 1);
        alone = alone with { Signals = [alone.Signals[0] with { Notes = new string('x', 5000) }] };
        var queue = new SqsSignalQueue(new Amazon.SQS.AmazonSQSClient(new Amazon.Runtime.BasicAWSCredentials("x", "x"), new Amazon.SQS.AmazonSQSConfig { ServiceURL = "http://127.0.0.1:9" }), "http://127.0.0.1:9/q", new SqsQueueOptions { MaxMessageBytes = 4096 });

        var fit = () => queue.Fit(alone).ToList();

        fit.Should().Throw<InvalidOperationException>().WithMessage("*huge-00*4096 bytes*");
    }

    /// <summary>A batch of <paramref name="count"/> alerts with prices that need every decimal digit.</summary>
    internal static SignalBatch Batch(string prefix, int count) => new(
        "2026-03-14T09:25:00Z",
        ExchangeId.Binance,
        Enumerable.Range(0, count).Select(i => SignalSnapshot.From(SignalFactory.Armed($"{prefix}-{i:00}") with
        {
            TargetPrice = 123_456_789.123456789012m + i,
            Notes = i % 2 == 0 ? null : "note \"quoted\" — ünïcode",
            UserId = i % 3 == 0 ? null : SignalFactory.UserKey,
        })).ToList(),
        new DateTimeOffset(2026, 3, 14, 9, 20, 0, TimeSpan.Zero));
}
