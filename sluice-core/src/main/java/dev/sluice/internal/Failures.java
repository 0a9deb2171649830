package dev.sluice.internal;

import dev.sluice.PipelineException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Builds the exceptions a run reports, so every message names the stage and the item. */
public final class Failures {
  private static final int MAX_ITEM_TEXT = 120;

  private Failures() {}

  /** A failure of the user's code on one item. */
  public static PipelineException onItem(StageStats stage, long position, Object item, Throwable cause) {
    if (cause instanceof PipelineException p) {
      return p;
    }
    if (cause instanceof RunStopped stopped) {
      throw stopped;
    }
    Throwable root = unwrap(cause);
    String message =
        "stage '" + stage.name() + "' failed on item #" + position + " (" + describe(item) + "): "
            + root;
    return new PipelineException(message, root, stage.name(), position);
  }

  /** A failure of a stage that is not tied to one item. */
  public static PipelineException inStage(StageStats stage, Throwable cause) {
    if (cause instanceof PipelineException p) {
      return p;
    }
    if (cause instanceof RunStopped stopped) {
      throw stopped;
    }
    Throwable root = unwrap(cause);
    return new PipelineException("stage '" + stage.name() + "' failed: " + root, root, stage.name(), -1);
  }

  /** A user function returned null, which a stream cannot carry. */
  public static PipelineException nullResult(StageStats stage, long position, Object item) {
    return onItem(
        stage,
        position,
        item,
        new NullPointerException("the function returned null; Sluice streams carry no nulls"));
  }

  /** Strips the wrappers that concurrency utilities put around the real cause. */
  public static Throwable unwrap(Throwable error) {
    Throwable t = error;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  static String describe(Object item) {
    String text;
    try {
      text = String.valueOf(item);
    } catch (RuntimeException e) {
      text = item.getClass().getName() + " (toString failed)";
    }
    if (text.length() > MAX_ITEM_TEXT) {
      text = text.substring(0, MAX_ITEM_TEXT) + "…";
    }
    return text;
  }
}
