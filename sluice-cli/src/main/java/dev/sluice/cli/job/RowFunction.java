package dev.sluice.cli.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Computes one row's result; called on virtual threads, many at once. Throwing fails the row:
 * it goes to the errors file (the CLI does its own retrying inside the function).
 */
@FunctionalInterface
public interface RowFunction {
  /**
   * Computes a row's result.
   *
   * @param row the input row
   * @return the result, stored under the result field
   * @throws Exception if the row failed for good
   */
  JsonNode apply(ObjectNode row) throws Exception;
}
