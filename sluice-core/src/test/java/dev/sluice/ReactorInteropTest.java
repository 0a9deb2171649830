package dev.sluice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;

/** Reactor plugged in at both ends: a Flux as a source, and a pipeline as a Flux. */
class ReactorInteropTest {
  private static final Duration HANG = Duration.ofSeconds(30);

  @Test
  void fluxAsSource() {
    Flux<Integer> flux = Flux.range(1, 1000);
    List<Integer> out =
        Pipeline.from(JdkFlowAdapter.publisherToFlowPublisher(flux))
            .mapConcurrent(4, x -> x * 2)
            .toList();
    assertThat(out).isEqualTo(Flux.range(1, 1000).map(x -> x * 2).collectList().block());
  }

  @Test
  void fluxAsSource_isBackPressured() {
    AtomicLong requested = new AtomicLong();
    AtomicLong emitted = new AtomicLong();
    AtomicLong mostOutstanding = new AtomicLong();
    Flux<Long> flux =
        Flux.range(0, 5000)
            .map(Integer::longValue)
            .doOnRequest(
                n -> mostOutstanding.accumulateAndGet(requested.addAndGet(n) - emitted.get(), Math::max))
            .doOnNext(x -> emitted.incrementAndGet());
    long count =
        Pipeline.from(JdkFlowAdapter.publisherToFlowPublisher(flux))
            .drain(
                x -> {
                  if (x % 1000 == 0) {
                    Thread.sleep(2);
                  }
                });
    assertThat(count).isEqualTo(5000);
    // The source asks for at most what its 256-item ring holds.
    assertThat(mostOutstanding.get()).isLessThanOrEqualTo(256);
  }

  @Test
  void fluxError_failsTheRun() {
    Flux<Integer> flux = Flux.concat(Flux.range(0, 5), Flux.error(new IllegalStateException("flux broke")));
    assertThatThrownBy(() -> Pipeline.from(JdkFlowAdapter.publisherToFlowPublisher(flux)).toList())
        .isInstanceOf(PipelineException.class)
        .hasRootCauseMessage("flux broke");
  }

  @Test
  void pipelineAsFlux() {
    Flux<Long> flux =
        JdkFlowAdapter.flowPublisherToFlux(
            Pipeline.range(0, 2000).mapConcurrent(8, x -> x + 1).toPublisher());
    assertThat(flux.map(x -> x * 10).collectList().block(HANG))
        .isEqualTo(Pipeline.range(1, 2001).map(x -> x * 10).toList());
    // each subscription is a new run
    assertThat(flux.count().block(HANG)).isEqualTo(2000);
  }

  @Test
  void pipelineAsFlux_take_cancelsTheRun() throws Exception {
    CountDownLatch closed = new CountDownLatch(1);
    Pipeline<Long> endless =
        Pipeline.from(Stream.iterate(0L, x -> x + 1).onClose(closed::countDown)).buffer(16);
    List<Long> first = JdkFlowAdapter.flowPublisherToFlux(endless.toPublisher()).take(5).collectList().block(HANG);
    assertThat(first).containsExactly(0L, 1L, 2L, 3L, 4L);
    assertThat(closed.await(HANG.toSeconds(), TimeUnit.SECONDS)).as("the run was cancelled and closed its source").isTrue();
  }

  @Test
  void pipelineAsFlux_deliversOnlyWhatIsRequested() throws Exception {
    List<Long> received = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch three = new CountDownLatch(3);
    CountDownLatch done = new CountDownLatch(1);
    BaseSubscriber<Long> subscriber =
        new BaseSubscriber<>() {
          @Override
          protected void hookOnSubscribe(Subscription subscription) {
            subscription.request(3);
          }

          @Override
          protected void hookOnNext(Long value) {
            received.add(value);
            three.countDown();
          }

          @Override
          protected void hookOnComplete() {
            done.countDown();
          }
        };
    JdkFlowAdapter.flowPublisherToFlux(Pipeline.range(0, 100).toPublisher()).subscribe(subscriber);
    assertThat(three.await(HANG.toSeconds(), TimeUnit.SECONDS)).isTrue();
    Thread.sleep(50);
    assertThat(received).containsExactly(0L, 1L, 2L);
    subscriber.request(Long.MAX_VALUE);
    assertThat(done.await(HANG.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(received).isEqualTo(Pipeline.range(0, 100).toList());
  }

  @Test
  void failingPipeline_signalsOnErrorToReactor() {
    Flux<Integer> flux =
        JdkFlowAdapter.flowPublisherToFlux(
            Pipeline.of(1, 2, 3)
                .map(
                    x -> {
                      if (x == 2) {
                        throw new IllegalStateException("stage broke");
                      }
                      return x;
                    })
                .toPublisher());
    assertThatThrownBy(() -> flux.collectList().block(HANG))
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("stage 'map' failed on item #1");
  }

  @Test
  void reactorBothEnds_throughAPipeline() {
    Flux<String> source = Flux.range(0, 500).map(i -> "item-" + i);
    Pipeline<Integer> middle =
        Pipeline.from(JdkFlowAdapter.publisherToFlowPublisher(source))
            .mapPartitioned(4, s -> s.length(), String::length);
    Integer total =
        JdkFlowAdapter.flowPublisherToFlux(middle.toPublisher()).reduce(0, Integer::sum).block(HANG);
    assertThat(total).isEqualTo(source.map(String::length).reduce(0, Integer::sum).block());
  }

  @Test
  void subscribe_drainsIntoASubscriber() throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    List<Long> received = Collections.synchronizedList(new ArrayList<>());
    Pipeline.range(0, 50)
        .subscribe(
            new Flow.Subscriber<Long>() {
              private Flow.Subscription subscription;

              @Override
              public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                s.request(1);
              }

              @Override
              public void onNext(Long item) {
                received.add(item);
                subscription.request(1);
              }

              @Override
              public void onError(Throwable throwable) {}

              @Override
              public void onComplete() {
                done.countDown();
              }
            });
    assertThat(done.await(HANG.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(received).hasSize(50).isSorted();
    assertThatThrownBy(() -> Pipeline.of(1).subscribe(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("subscriber");
  }
}
