package dev.sluice.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** An item that failed for good and was handed to a dead-letter sink. */
@Name("dev.sluice.Skip")
@Label("Skip")
@Category({"Sluice", "Errors"})
@Description("An item that failed for good and went to a dead-letter sink instead of failing the run")
@StackTrace(false)
final class SkipEvent extends Event {
  @Label("Stage")
  String stage;

  @Label("Position")
  long position;

  @Label("Cause")
  String cause;
}
