package io.boc4j.internal;

/** Test helper: a behaviour's requests as an array, in ascending cown id order. */
final class RequestsOf {

  private RequestsOf() {}

  static Request[] of(Behaviour b) {
    Request[] rs = new Request[b.requestCount()];
    for (int i = 0; i < rs.length; i++) {
      rs[i] = b.request(i);
    }
    return rs;
  }
}
