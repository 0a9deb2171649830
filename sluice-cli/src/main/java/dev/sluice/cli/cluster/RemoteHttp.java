package dev.sluice.cli.cluster;

import dev.sluice.cli.http.HttpCall;
import dev.sluice.cli.http.HttpReply;
import dev.sluice.cli.http.HttpTransport;
import dev.sluice.cluster.RemoteFunction;

/**
 * HTTP mode on a cluster: each request is sent by a member ({@value CliFunctions#HTTP}), so the
 * API sees the members' addresses and the driver only prepares requests and reads replies.
 * Header values travel to the members: the open-source cluster has no TLS, so keep it on a
 * private network.
 */
public final class RemoteHttp implements HttpTransport {
  private final ClusterLink link;
  private final RemoteFunction<HttpCall, HttpReply> function;

  /**
   * Creates the transport.
   *
   * @param link the cluster; closed with this transport
   * @param concurrency the job's concurrency
   */
  public RemoteHttp(ClusterLink link, int concurrency) {
    this.link = link;
    this.function = link.function(CliFunctions.HTTP, concurrency);
  }

  @Override
  public HttpReply send(HttpCall call) throws Exception {
    return link.call(function, call);
  }

  @Override
  public void close() {
    link.close();
  }
}
