package dev.lropoller.spring;

/**
 * The data of a {@code progress} event of {@link OperationEvents#watchJob}: the job's name and its
 * state while it runs.
 *
 * @param name the job or pipeline name
 * @param state the {@code JobState} name, such as {@code RUNNING} or {@code PAUSED}; for a state
 *     the library does not know, the value as sent
 */
public record JobProgress(String name, String state) {}
