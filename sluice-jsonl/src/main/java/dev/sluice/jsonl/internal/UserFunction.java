package dev.sluice.jsonl.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.CheckedFunction;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/** The user's function: blocking (run on virtual threads) or returning a CompletionStage. */
public sealed interface UserFunction {
  record Blocking(CheckedFunction<? super ObjectNode, ?> function) implements UserFunction {}

  record Async(Function<? super ObjectNode, ? extends CompletionStage<?>> function)
      implements UserFunction {}
}
