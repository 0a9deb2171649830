package dev.sluice.cli.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.cli.job.Caller;
import dev.sluice.cli.worker.ProcessCall;
import dev.sluice.cli.worker.WorkerPool;
import dev.sluice.cluster.RemoteFunction;

/**
 * Process-pool mode on a cluster: each row goes to a member ({@value CliFunctions#PROCESS}),
 * whose own pool of the command's processes answers it. Every member starts up to the job's
 * concurrency of workers, only as its rows need them, and stops them after a minute without
 * rows; the command must be installed on every member.
 */
public final class RemoteWorkers implements Caller {
  private final ClusterLink link;
  private final RemoteFunction<ProcessCall, String> function;
  private final ProcessCall.Pool pool;

  /**
   * Creates the caller.
   *
   * @param link the cluster; closed with this caller
   * @param pool the pool each member keeps for this job
   */
  public RemoteWorkers(ClusterLink link, ProcessCall.Pool pool) {
    this.link = link;
    this.pool = pool;
    this.function = link.function(CliFunctions.PROCESS, pool.size());
  }

  @Override
  public JsonNode call(ObjectNode row) throws Exception {
    return WorkerPool.parse(link.call(function, new ProcessCall(pool, row.toString())));
  }

  @Override
  public void close() {
    link.close();
  }
}
