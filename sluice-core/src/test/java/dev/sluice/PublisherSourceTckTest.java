package dev.sluice;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowSubscriberBlackboxVerification;
import org.testng.annotations.AfterMethod;

/**
 * The Reactive Streams TCK's subscriber rules, run on the subscriber that {@link
 * Pipeline#from(Flow.Publisher)} subscribes with: each subscriber under test is the one a real
 * run hands to a capturing publisher.
 */
public class PublisherSourceTckTest extends FlowSubscriberBlackboxVerification<Integer> {
  private final List<Run<?>> runs = new CopyOnWriteArrayList<>();

  public PublisherSourceTckTest() {
    super(new TestEnvironment(1000, 100));
  }

  @Override
  @SuppressWarnings("unchecked")
  public Flow.Subscriber<Integer> createFlowSubscriber() {
    CompletableFuture<Flow.Subscriber<? super Integer>> captured = new CompletableFuture<>();
    Flow.Publisher<Integer> capturing = captured::complete;
    runs.add(Pipeline.from(capturing).map(x -> x).start());
    try {
      return (Flow.Subscriber<Integer>) captured.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the run did not subscribe", e);
    }
  }

  @Override
  public Integer createElement(int element) {
    return element;
  }

  @AfterMethod
  public void cancelRuns() {
    for (Run<?> run : runs) {
      run.cancel();
    }
    runs.clear();
  }
}
