/**
 * The aiming schedule's parts (issue 18): the progress track of one watch, the estimated-end
 * window, the pure decision rule for the next wait, the bounded in-memory history of finished
 * runs, and the plan a history gives runs without progress. Internal: not part of the API.
 */
package dev.lropoller.internal.aim;
