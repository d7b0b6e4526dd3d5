/**
 * Runnable programs that show boc4j at work, one package each, and {@link
 * io.boc4j.samples.Samples}, which runs any of them by name. Every program is a picocli command
 * with {@code --help}.
 */
package io.boc4j.samples;
