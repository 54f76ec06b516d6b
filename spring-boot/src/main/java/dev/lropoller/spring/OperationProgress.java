package dev.lropoller.spring;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The data of a {@code progress} event of {@link OperationEvents}: the operation's name and its
 * {@code progressPercent} when the service reports one (absent from the JSON otherwise).
 *
 * @param name the operation name
 * @param progressPercent 0 to 100, or {@code null} when not reported
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OperationProgress(String name, Integer progressPercent) {}
