package io.boc4j.samples.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.boc4j.Cown;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import java.util.List;
import java.util.Set;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The HTTP JSON API of the bank: routes, request validation and the mapping of outcomes to
 * responses. Each handler returns the {@code Mono} of a behaviour from {@link Accounts}; nothing here
 * blocks a Netty event loop.
 *
 * <pre>
 * POST /accounts        {"opening": 1000}                  201 {"id": 7, "balance": 1000}
 * GET  /accounts                                           200 [{"id": 1, "balance": 970}, ...]
 * GET  /accounts/{id}                                      200 {"id": 7, "balance": 1000}
 * POST /transfers       {"from": 1, "to": 2, "amount": 30} 200 {"from": 1, ..., "fromBalance": 970, ...}
 * GET  /audit                                              200 {"accounts": 64, "total": 64000, ...}
 * GET  /metrics                                            200 Prometheus text
 * </pre>
 *
 * <p>Every refusal is a 4xx with the JSON body {@code {"status", "error", "message"}}: malformed JSON,
 * a missing, unknown or mistyped field, a zero, negative, fractional, non-numeric or too large
 * amount, a transfer to the same account (400); an unknown account or route (404); a wrong method
 * (405, with {@code Allow}); insufficient funds or a full bank (409); a body over the limit (413); a
 * body that is not JSON (415). A request that arrives while the service shuts down is answered 503
 * and closes its connection. None of them changes any balance: every check runs before the transfer
 * is scheduled, and the transfer itself is applied whole or not at all.
 *
 * <p>Threading: immutable after construction; handlers run on Netty's event loops, behaviours on
 * boc4j's workers, and every response is written back on its connection's event loop.
 */
final class BankApi {

  private static final System.Logger LOG = System.getLogger("io.boc4j.samples.service");

  private static final Set<String> OPEN_FIELDS = Set.of("opening");
  private static final Set<String> TRANSFER_FIELDS = Set.of("from", "to", "amount");

  private final Accounts accounts;
  private final JsonBody bodies;
  private final ServiceMetrics metrics;
  private final ShutdownGate gate;
  private final Router router;

  BankApi(Accounts accounts, JsonBody bodies, ServiceMetrics metrics, ShutdownGate gate) {
    this.accounts = accounts;
    this.bodies = bodies;
    this.metrics = metrics;
    this.gate = gate;
    this.router = new Router()
        .on(HttpMethod.GET, "/accounts", (req, p) -> list())
        .on(HttpMethod.POST, "/accounts", (req, p) -> open(req))
        .on(HttpMethod.GET, "/accounts/{id}", (req, p) -> balance(p.get(0)))
        .on(HttpMethod.POST, "/transfers", (req, p) -> transfer(req))
        .on(HttpMethod.GET, "/audit", (req, p) -> audit())
        .on(HttpMethod.GET, "/metrics", (req, p) -> scrape());
  }

  /** The routes, for the HTTP server's {@code uri} tag. */
  Router router() {
    return router;
  }

  /** Handles one exchange: admission through the gate, routing, the reply, whatever happens. */
  Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
    if (!gate.enter()) {
      response.keepAlive(false);
      return write(response, Reply.error(new ApiException(503, "shutting-down",
          "the service is shutting down and accepts no new requests")));
    }
    EventLoop loop = eventLoop(response);
    return Mono.defer(() -> router.route(request))
        .onErrorResume(BankApi::refusal)
        .flatMap(reply -> onLoop(loop, reply))
        .flatMap(reply -> write(response, reply))
        .doFinally(signal -> gate.exit());
  }

  private static EventLoop eventLoop(HttpServerResponse response) {
    EventLoop[] loop = new EventLoop[1];
    response.withConnection(connection -> loop[0] = connection.channel().eventLoop());
    return loop[0];
  }

  /**
   * The reply, signalled on the connection's event loop. Replies of behaviours arrive on the boc4j
   * worker that ran the body; written from there, the response's end is a second task on the event
   * loop, and a keep-alive client that already has the whole response may send its next request
   * in between. Reactor Netty 1.3.7 then buffers that request and can stop reading the connection
   * for good (reactor/reactor-netty#4361, fixed in 1.3.8). Written on the event loop, the response
   * ends within one task, before the next request is read.
   */
  private static Mono<Reply> onLoop(EventLoop loop, Reply reply) {
    if (loop.inEventLoop()) {
      return Mono.just(reply);
    }
    return Mono.create(sink -> loop.execute(() -> sink.success(reply)));
  }

  private static Mono<Reply> refusal(Throwable failure) {
    if (failure instanceof ApiException e) {
      return Mono.just(Reply.error(e));
    }
    // Only a bug gets here: say so in the log, and still answer in JSON.
    LOG.log(System.Logger.Level.ERROR, "bank service: a request failed unexpectedly", failure);
    return Mono.just(Reply.error(new ApiException(500, "internal",
        "the service failed unexpectedly: " + failure)));
  }

  private static Mono<Void> write(HttpServerResponse response, Reply reply) {
    response.status(reply.status())
        .header(HttpHeaderNames.CONTENT_TYPE, reply.contentType())
        .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(reply.body().length));
    reply.headers().forEach(response::header);
    return response.sendByteArray(Mono.just(reply.body())).then();
  }

  // --- handlers -------------------------------------------------------------------------------

  private Mono<Reply> open(HttpServerRequest request) {
    return bodies.read(request).map(body -> {
      Fields.only(body, OPEN_FIELDS);
      long opening = Fields.wholeNumber(body, "opening", 0, Accounts.MAX_AMOUNT, "invalid-amount");
      AccountView opened = accounts.open(opening).orElseThrow(() -> ApiException.conflict(
          "account-limit", "the bank is full; it holds as many accounts as it was configured for"));
      return Reply.json(201, opened).withHeader("Location", "/accounts/" + opened.id());
    });
  }

  private Mono<Reply> list() {
    return accounts.list().map(all -> Reply.json(200, all));
  }

  private Mono<Reply> balance(String id) {
    return accounts.balance(account(id)).map(view -> Reply.json(200, view));
  }

  private Mono<Reply> transfer(HttpServerRequest request) {
    return bodies.read(request).flatMap(body -> {
      Fields.only(body, TRANSFER_FIELDS);
      long from = Fields.wholeNumber(body, "from", 1, Long.MAX_VALUE, "invalid-account");
      long to = Fields.wholeNumber(body, "to", 1, Long.MAX_VALUE, "invalid-account");
      long amount = Fields.wholeNumber(body, "amount", 1, Accounts.MAX_AMOUNT, "invalid-amount");
      if (from == to) {
        throw ApiException.badRequest("same-account",
            "'from' and 'to' are both account " + from + "; a transfer needs two accounts");
      }
      return accounts.transfer(account(from), account(to), amount);
    }).map(BankApi::receipt);
  }

  private static Reply receipt(TransferOutcome outcome) {
    if (!outcome.applied()) {
      return Reply.error(ApiException.conflict("insufficient-funds",
          "account " + outcome.from() + " holds " + outcome.fromBalance() + ", less than the "
              + outcome.amount() + " asked for; nothing was moved"));
    }
    return Reply.json(200, outcome);
  }

  private Mono<Reply> audit() {
    return accounts.audit().map(report -> Reply.json(200, report));
  }

  private Mono<Reply> scrape() {
    // Formatting every meter takes a few milliseconds: not on an event loop.
    return Mono.fromCallable(() -> Reply.text(200, ServiceMetrics.CONTENT_TYPE, metrics.scrape()))
        .subscribeOn(Schedulers.boundedElastic());
  }

  private Cown<Account> account(String id) {
    long parsed;
    try {
      parsed = Long.parseLong(id);
    } catch (NumberFormatException e) {
      throw ApiException.notFound("unknown-account",
          "no account '" + id + "'; account ids are whole numbers (GET /accounts lists them)");
    }
    return account(parsed);
  }

  private Cown<Account> account(long id) {
    return accounts.find(id).orElseThrow(() -> ApiException.notFound("unknown-account",
        "no account " + id + " (GET /accounts lists them)"));
  }
}
