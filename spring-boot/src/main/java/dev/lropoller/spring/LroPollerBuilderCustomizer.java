package dev.lropoller.spring;

import dev.lropoller.reactor.GoogleOperationPoller;

/**
 * Adjusts the builder of the auto-configured {@code OperationPoller} after the
 * {@code lropoller.*} properties are applied, for what properties do not cover: a custom
 * {@code HttpClient}, a scheduler, another endpoint. Every bean of this type is applied, in
 * {@code @Order}.
 */
@FunctionalInterface
public interface LroPollerBuilderCustomizer {
  /**
   * Customizes the builder.
   *
   * @param builder the builder, with the properties applied
   */
  void customize(GoogleOperationPoller.Builder builder);
}
