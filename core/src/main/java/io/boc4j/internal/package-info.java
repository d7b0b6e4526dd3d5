/**
 * The runtime's machinery: the acquisition protocol ({@code Acquisition}, {@code Request}), the
 * scheduler ({@code Generation}, {@code Worker}), in-flight accounting ({@code Terminator}),
 * back-pressure, lifetime statistics and listeners. Not exported from the module; not API.
 */
package io.boc4j.internal;
