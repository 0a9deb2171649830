package dev.sluice.jsonl.internal;

import dev.sluice.jsonl.JobListener;

/** The listener that does nothing. */
public enum SilentListener implements JobListener {
  INSTANCE
}
