package dev.sluice.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** A failed attempt on an item that will be tried again. */
@Name("dev.sluice.Retry")
@Label("Retry")
@Category({"Sluice", "Errors"})
@Description("A failed call that a stage of a Sluice pipeline will try again")
@StackTrace(false)
final class RetryEvent extends Event {
  @Label("Stage")
  String stage;

  @Label("Position")
  @Description("The item's 0-based position in the stage's input")
  long position;

  @Label("Attempt")
  @Description("The attempt that failed, from 1")
  int attempt;

  @Label("Delay")
  @Timespan(Timespan.NANOSECONDS)
  long delay;

  @Label("Cause")
  String cause;
}
