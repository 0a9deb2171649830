package dev.sluice.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * One call of a user's function in a stage (or the average call of a chunk timed together).
 * Frequent, so off unless a recording enables {@code dev.sluice.StageCall}.
 */
@Name("dev.sluice.StageCall")
@Label("Stage Call")
@Category({"Sluice", "Pipeline"})
@Description("A call of the user's function in a stage of a Sluice pipeline")
@Enabled(false)
@StackTrace(false)
final class StageCallEvent extends Event {
  @Label("Stage")
  String stage;

  @Label("Calls")
  @Description("How many calls were timed together (a chunk); the latency is their average")
  long calls;

  @Label("Latency")
  @Timespan(Timespan.NANOSECONDS)
  long latency;
}
