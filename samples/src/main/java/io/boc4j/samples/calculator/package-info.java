/**
 * A calculator service over {@link io.boc4j.Mailbox} messaging: a server thread receives requests
 * on one tag and answers each client on its own reply tag; clients wait with a timeout and fall
 * back to a default when no answer comes. Run {@link io.boc4j.samples.calculator.Calculator}.
 */
package io.boc4j.samples.calculator;
