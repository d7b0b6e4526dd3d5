/**
 * The bank scaled out over several processes with Apache Kafka: consumer-group assignment decides
 * which instance owns which accounts (the partitions of a compacted {@code accounts} changelog),
 * each instance runs its accounts as cowns, transfers inside a partition are one behaviour, and
 * transfers across partitions are a saga made exactly once by Kafka transactions. Run {@link
 * io.boc4j.kafka.ScaleOutDemo}; the design, guarantees and operations notes are in {@code
 * docs/scale-out.md}.
 */
package io.boc4j.kafka;
