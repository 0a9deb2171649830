package dev.sluice.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A batch leaving a batching stage. */
@Name("dev.sluice.Batch")
@Label("Batch")
@Category({"Sluice", "Pipeline"})
@Description("A batch leaving a batching stage of a Sluice pipeline")
@StackTrace(false)
final class BatchEvent extends Event {
  @Label("Stage")
  String stage;

  @Label("Size")
  int size;

  @Label("Partial")
  @Description("Whether the batch left before it was full: its oldest item had waited long enough, or the stream ended")
  boolean partial;
}
