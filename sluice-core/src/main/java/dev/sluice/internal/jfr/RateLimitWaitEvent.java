package dev.sluice.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** A thread that waited for permits of a rate limiter. */
@Name("dev.sluice.RateLimitWait")
@Label("Rate Limit Wait")
@Category({"Sluice", "Flow Control"})
@Description("A thread that waited for permits of a Sluice rate limiter")
@StackTrace(false)
final class RateLimitWaitEvent extends Event {
  @Label("Weight")
  int weight;

  @Label("Waited")
  @Timespan(Timespan.NANOSECONDS)
  long waited;
}
