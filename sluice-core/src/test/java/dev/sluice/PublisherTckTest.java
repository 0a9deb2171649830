package dev.sluice;

import java.io.IOException;
import java.util.concurrent.Flow;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;

/**
 * The Reactive Streams TCK's publisher rules, run on {@link Pipeline#toPublisher()} over a
 * pipeline with a hand-off and a fused stage, so that demand crosses threads. TestNG-based; the
 * TestNG engine runs it on the JUnit Platform.
 */
public class PublisherTckTest extends FlowPublisherVerification<Long> {

  public PublisherTckTest() {
    // Signals are expected within 1 s (a shared, noisy machine); silence is checked for 100 ms.
    super(new TestEnvironment(1000, 100), 1000);
  }

  @Override
  public Flow.Publisher<Long> createFlowPublisher(long elements) {
    return Pipeline.range(0, elements).buffer(4).map(x -> x).toPublisher();
  }

  @Override
  public Flow.Publisher<Long> createFailedFlowPublisher() {
    return Pipeline.<Long>generate(
            () -> {
              throw new IOException("the source is broken");
            })
        .toPublisher();
  }
}
