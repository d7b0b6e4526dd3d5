package io.boc4j.samples.support;

import picocli.CommandLine.Option;

/** The {@code -h}/{@code --help} option every sample mixes in ({@code @Mixin HelpOption help}). */
public final class HelpOption {

  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
  boolean requested;

  /** Created by picocli for each command that mixes it in. */
  public HelpOption() {}
}
