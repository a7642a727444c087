namespace StarPlatform.Messaging.Tests;

public class OutboxRulesTests
{
    [Fact]
    public void Undelivered_rows_are_retried_after_1_2_4_8_16_then_every_30_seconds()
    {
        var options = new OutboxOptions();
        var delays = Enumerable.Range(1, 8).Select(a => options.RetryDelay(a).TotalSeconds).ToArray();
        Assert.Equal([1, 2, 4, 8, 16, 30, 30, 30], delays);
    }

    [Fact]
    public void A_message_type_name_resolves_back_to_its_type()
    {
        var name = MessageTypes.NameOf(typeof(CounterIncremented));
        Assert.Equal("StarPlatform.Messaging.Tests.CounterIncremented, Messaging.Tests", name);
        Assert.Equal(typeof(CounterIncremented), MessageTypes.Resolve(name));
    }

    [Fact]
    public void An_unknown_message_type_is_an_error_not_a_silent_drop() =>
        Assert.Throws<InvalidOperationException>(() => MessageTypes.Resolve("Nowhere.Gone, Nowhere"));

    [Fact]
    public void The_inbox_names_a_consumer_by_its_queue() =>
        Assert.Equal("scoring-center-registered",
            TransactionalConsumeFilter<CounterIncremented>.ConsumerName(new Uri("rabbitmq://127.0.0.1:5672/scoring-center-registered")));
}
