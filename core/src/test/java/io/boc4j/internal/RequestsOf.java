package io.boc4j.internal;

/** Test helper: a behaviour's requests as arrays, in ascending cown id order. */
final class RequestsOf {

  private RequestsOf() {}

  /** The node of each request: the behaviour itself for its first (and a two-cown one's second). */
  static Request[] of(Behaviour b) {
    Request[] rs = new Request[b.requestCount()];
    for (int i = 0; i < rs.length; i++) {
      rs[i] = b.request(i);
    }
    return rs;
  }

  /** Each request's link to its successor in its cown's queue (null where it has none). */
  static Request[] links(Behaviour b) {
    Request[] links = new Request[b.requestCount()];
    for (int i = 0; i < links.length; i++) {
      links[i] = b.request(i).lvNext(b.cownAt(i));
    }
    return links;
  }
}
