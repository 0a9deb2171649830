/**
 * Resumable JSONL jobs on Sluice: map a JSONL file through a function, row by row or once per
 * distinct key, into an output JSONL file that survives crashes and is resumed by a rerun. The
 * public API is the package {@code dev.sluice.jsonl}; {@code dev.sluice.jsonl.internal} is
 * implementation and not exported.
 */
module dev.sluice.jsonl {
  requires transitive dev.sluice;
  requires transitive com.fasterxml.jackson.databind;

  exports dev.sluice.jsonl;
}
