/**
 * Spring Boot auto-configuration for boc4j: a {@link io.boc4j.Boc} runtime configured from {@code
 * boc4j.*} properties ({@link io.boc4j.spring.BocAutoConfiguration}) that starts and stops with the
 * application ({@link io.boc4j.spring.BocLifecycle}), the Reactor bridge and pump driver ({@link
 * io.boc4j.spring.BocReactorAutoConfiguration}), the Micrometer binder ({@link
 * io.boc4j.spring.BocMetricsAutoConfiguration}) and a health indicator ({@link
 * io.boc4j.spring.BocHealthAutoConfiguration}). Each bean is conditional and gives way to the
 * application's own.
 */
package io.boc4j.spring;
