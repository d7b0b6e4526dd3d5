package io.boc4j.spring.sample;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The bank's HTTP API. Every handler returns the {@code Mono} of a behaviour: WebFlux subscribes,
 * the behaviour runs on a boc4j worker, and the response is written when it has released its cowns.
 *
 * <ul>
 *   <li>{@code POST /transfers} {@code {"from":1,"to":2,"amount":30}}: 200 with the {@link Transfer},
 *       409 with it when funds are insufficient, 400 for a bad request.
 *   <li>{@code GET /accounts}: every balance; {@code GET /accounts/total}: their sum.
 * </ul>
 */
@RestController
class BankController {

  private final Bank bank;

  BankController(Bank bank) {
    this.bank = bank;
  }

  @PostMapping("/transfers")
  Mono<ResponseEntity<Transfer>> transfer(@RequestBody TransferRequest request) {
    return bank.transfer(request).map(t -> t.applied()
        ? ResponseEntity.ok(t) : ResponseEntity.status(HttpStatus.CONFLICT).body(t));
  }

  @GetMapping("/accounts")
  Mono<List<Long>> balances() {
    return bank.balances();
  }

  @GetMapping("/accounts/total")
  Mono<Long> total() {
    return bank.balances().map(all -> all.stream().mapToLong(Long::longValue).sum());
  }

  @ExceptionHandler(IllegalArgumentException.class)
  ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException e) {
    return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
  }
}
